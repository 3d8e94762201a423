import { z } from 'zod';
import { BaseConfig } from '@flywheel/kit';

const seconds = (def: number, min: number, max: number) => z.coerce.number().int().min(min).max(max).default(def);

/** coordination settings; every key documented in docs/coordination.md. Run ONE instance per deployment (one writer per SQLite file). */
export const CoordinationConfig = BaseConfig.extend({
  DEFAULT_GRANT_MODE: z
    .enum(['advisory', 'strict'])
    .default('strict')
    .describe('Grant mode of a project with no settings: strict refuses (409) a lease over another agent’s, advisory grants it with the conflict list'),
  DEFAULT_TTL_S: seconds(3600, 10, 86_400).describe('Lease TTL of a project with no settings, when a request gives none'),
  EXPIRING_WARNING_S: seconds(300, 0, 86_400).describe('An `expiring` event is published this long before a lease expires (0: never)'),
  STALE_AFTER_S: seconds(1800, 10, 7 * 86_400).describe('A holder silent (no state event) this long, or ended, may have its leases force-released'),
  HANDOFF_TTL_S: seconds(300, 10, 86_400).describe('A pending handoff not accepted in this time expires'),
  HANDOFF_DELIVERY_TIMEOUT_S: seconds(3600, 10, 7 * 86_400).describe('How long an accepted handoff keeps trying to reach a busy target before it fails'),
  CONCURRENT_WRITE_WINDOW_S: seconds(600, 1, 86_400).describe('Two agents writing one file within this window is a concurrent_write conflict'),
  SWEEP_MS: z.coerce.number().int().min(50).max(60_000).default(1000).describe('How often expiries, warnings and pending handoffs are checked'),
  UNMERGED_SCAN_MS: z.coerce
    .number()
    .int()
    .min(0)
    .max(3_600_000)
    .default(30_000)
    .describe('How often known working trees on this host are scanned for unmerged paths (0: never)'),
});
export type CoordinationConfig = z.infer<typeof CoordinationConfig>;
