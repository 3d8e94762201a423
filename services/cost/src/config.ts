import { z } from 'zod';
import { BaseConfig } from '@flywheel/kit';

/** cost settings; every key documented in the README's env table. */
export const CostConfig = BaseConfig.extend({
  COST_TICK_MS: z.coerce.number().int().min(100).max(60_000).default(1000).describe('Interval of the aggregated live tick on system.cost (none when idle)'),
  BUDGET_TIMER_MS: z.coerce
    .number()
    .int()
    .min(100)
    .max(60_000)
    .default(1000)
    .describe('How often budget periods are checked for a reset (and rolling windows re-summed)'),
  INGEST_ACK_WAIT_MS: z.coerce
    .number()
    .int()
    .min(500)
    .max(600_000)
    .default(30_000)
    .describe('JetStream ack wait of the usage consumer: how soon records a crashed instance held are redelivered'),
  INGEST_BATCH: z.coerce.number().int().min(1).max(10_000).default(500).describe('Most usage records stored in one SQLite transaction'),
});
export type CostConfig = typeof CostConfig._output;
