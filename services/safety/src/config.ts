import { z } from 'zod';
import { BaseConfig, envList as list } from '@flywheel/kit';

/** safety settings; every key documented in docs/safety.md. */
export const SafetyConfig = BaseConfig.extend({
  APPROVAL_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(100)
    .max(3_600_000)
    .default(60_000)
    .describe('How long a held `ask` tool call waits for a human before it is denied'),
  GUARD_FAIL_MODE: z
    .enum(['open', 'closed'])
    .default('open')
    .describe('On a parse error, limit or internal error: allow with a warning (open, dcg default) or deny (closed)'),
  DCG_PACKS: list.describe(
    "Packs kept at their rules' own actions (deny) for everyone, comma-separated; every built-in pack is on anyway (core packs deny, the others ask) unless a scope turns it off",
  ),
  DCG_CRITICAL_QUORUM: z.coerce
    .number()
    .int()
    .min(1)
    .max(10)
    .default(1)
    .describe("Distinct people who must approve a critical rule's exception when no global or project setting says (2: the two-person rule; 1: off)"),
  DCG_TMPDIR: z.string().optional().describe('An extra directory under which rm -rf is allowed (besides /tmp, /var/tmp and $TMPDIR)'),
  DECISION_RETENTION_DAYS: z.coerce
    .number()
    .int()
    .min(1)
    .max(3650)
    .default(30)
    .describe('Stored decisions older than this are pruned (hourly); the audit log is kept'),
  COORDINATION_CHECK: z
    .enum(['on', 'off'])
    .default('on')
    .describe('Ask coordination before every write whether another agent holds the path (off: file reservations are advisory only)'),
  COORDINATION_FAIL_MODE: z
    .enum(['open', 'closed'])
    .default('open')
    .describe(
      'When coordination cannot answer a write check: allow the write with a warning (open) or deny it (closed); destructive commands stay with GUARD_FAIL_MODE',
    ),
  COORDINATION_TIMEOUT_MS: z.coerce.number().int().min(50).max(10_000).default(1000).describe('How long the guard waits for coordination’s write check'),
  EXCEPTION_TTL_MS: z.coerce.number().int().min(1000).default(86_400_000).describe('How long a denied command can still be approved by its short code'),
});
export type SafetyConfig = z.infer<typeof SafetyConfig>;
