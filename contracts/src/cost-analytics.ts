import { z } from 'zod';
import { Cursor, Id, IsoTime } from './ids.ts';
import { defineEvent } from './descriptors.ts';
import { MatchKind, Micros } from './cost-pricing.ts';

/** Query strings carry booleans as text; RPCs carry them as booleans. Both parse. */
const Bool = z.preprocess((v) => (v === 'true' ? true : v === 'false' ? false : v), z.boolean());

/** Filters shared by every analytics query; [from, to) on the record's time. */
export const CostFilter = z.object({
  from: IsoTime.optional(),
  to: IsoTime.optional(),
  agentId: Id.optional(),
  accountId: z.string().min(1).max(100).optional(),
  projectId: z.string().min(1).max(100).optional(),
  model: z.string().min(1).max(200).optional(),
});
export type CostFilter = z.infer<typeof CostFilter>;

/** One priced model message as stored. */
export const CostRecordView = z.object({
  messageId: z.string(),
  agentId: z.string(),
  runnerId: z.string().optional(),
  accountId: z.string().optional(),
  projectId: z.string().optional(),
  provider: z.string().optional(),
  model: z.string(),
  matchedModel: z.string().nullable(),
  matchKind: MatchKind,
  tokens: z.object({ input: Micros, output: Micros, cacheRead: Micros, cacheWrite5m: Micros, cacheWrite1h: Micros }),
  costMicros: Micros,
  costUsd: z.number(),
  rateCardId: z.string(),
  rateCardVersion: z.string(),
  /** What the agent reported, rounded to micros, and whether ours differs beyond rounding. */
  reportedCostMicros: Micros.optional(),
  reportedCostScope: z.enum(['message', 'turn']).optional(),
  /** One model message or one agent turn (see UsageRecord.granularity); absent on older records. */
  granularity: z.enum(['message', 'turn']).optional(),
  divergent: z.boolean(),
  flag: z.literal('unknown_model').optional(),
  ts: IsoTime,
});
export type CostRecordView = z.infer<typeof CostRecordView>;

export const RecordsQuery = CostFilter.extend({
  divergent: Bool.optional(),
  cursor: Cursor.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});
export type RecordsQuery = z.infer<typeof RecordsQuery>;
export const RecordsPage = z.object({ items: z.array(CostRecordView), nextCursor: Cursor.optional() });

export const GroupBy = z.enum(['agent', 'model', 'account', 'project', 'day']);
export type GroupBy = z.infer<typeof GroupBy>;

export const SummaryQuery = CostFilter.extend({ groupBy: GroupBy.default('agent') });
export type SummaryQuery = z.infer<typeof SummaryQuery>;

export const SpendTotals = z.object({
  records: z.number().int().nonnegative(),
  costMicros: Micros,
  costUsd: z.number(),
  inputTokens: Micros,
  outputTokens: Micros,
  cacheReadTokens: Micros,
  cacheWriteTokens: Micros,
});
export type SpendTotals = z.infer<typeof SpendTotals>;

/** `key` is the group's value; records without it (no account, say) are grouped under ''. */
export const SummaryRow = SpendTotals.extend({ key: z.string() });
export const Summary = z.object({ groupBy: GroupBy, rows: z.array(SummaryRow), total: SpendTotals });
export type Summary = z.infer<typeof Summary>;

export const TimeseriesQuery = CostFilter.extend({ interval: z.enum(['hour', 'day']).default('day') });
export type TimeseriesQuery = z.infer<typeof TimeseriesQuery>;
export const Timeseries = z.object({
  interval: z.enum(['hour', 'day']),
  points: z.array(z.object({ t: IsoTime, records: z.number().int().nonnegative(), costMicros: Micros, costUsd: z.number() })),
});
export type Timeseries = z.infer<typeof Timeseries>;

export const TopQuery = CostFilter.extend({
  by: z.enum(['agent', 'model', 'account', 'project']).default('agent'),
  limit: z.coerce.number().int().min(1).max(100).default(10),
});
export type TopQuery = z.infer<typeof TopQuery>;

/**
 * Aggregated live tick on `system.cost` (WS `system:cost`): at most one per account per tick interval,
 * so each account's dashboard gets its own spend; one without `accountId` covers records of no account.
 */
export const CostTick = z.object({
  ts: IsoTime,
  windowMs: z.number().int().positive(),
  accountId: z.string().optional(),
  records: z.number().int().nonnegative(),
  costMicros: Micros,
  byModel: z.array(z.object({ model: z.string(), records: z.number().int().nonnegative(), costMicros: Micros })),
  divergent: z.number().int().nonnegative(),
  unknownModels: z.number().int().nonnegative(),
});
export type CostTick = z.infer<typeof CostTick>;
export const costTickEvent = defineEvent({ subject: 'system.cost', payload: CostTick });

export const ForecastQuery = CostFilter.omit({ from: true, to: true }).extend({
  horizonDays: z.coerce.number().int().min(1).max(366).default(14),
  confidence: z.preprocess((v) => (typeof v === 'string' ? Number(v) : v), z.union([z.literal(0.8), z.literal(0.95)])).default(0.8),
  /** Days of history used (ending at asOf). */
  historyDays: z.coerce.number().int().min(1).max(730).default(90),
  asOf: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD')
    .refine((d) => !Number.isNaN(Date.parse(d)) && new Date(d).toISOString().startsWith(d), 'not a calendar day')
    // History before it and the horizon after it must stay four-digit years.
    .refine((d) => d >= '1972' && d < '9998', 'must be a day in 1972–9997')
    .optional(),
});
export type ForecastQuery = z.infer<typeof ForecastQuery>;

export const ForecastReply = z.object({
  method: z.enum(['holt_winters', 'holt', 'mean']),
  confidence: z.number(),
  points: z.array(z.object({ day: z.string(), mean: Micros, lower: Micros, upper: Micros })),
  backtest: z.object({ mape: z.number().nullable(), heldOutDays: z.number().int() }),
  history: z.array(z.object({ day: z.string(), costMicros: Micros })),
});
export type ForecastReply = z.infer<typeof ForecastReply>;
