import { z } from 'zod';
import { IsoTime } from './ids.ts';
import { TokenUsage } from './agent.ts';

/** Micro-dollars (1e-6 USD): the one money unit on every wire. */
export const Micros = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

export const MatchKind = z.enum(['exact', 'variant', 'family', 'unknown']);
export type MatchKind = z.infer<typeof MatchKind>;

/** Micros per priced line item; always sums to the record's cost. */
export const CostBreakdown = z.object({
  input: Micros,
  output: Micros,
  cacheRead: Micros,
  cacheWrite5m: Micros,
  cacheWrite1h: Micros,
  webSearch: Micros,
});
export type CostBreakdown = z.infer<typeof CostBreakdown>;

/** Which card priced something and how the reported model id was resolved on it. */
export const RateCardRef = z.object({
  id: z.string(),
  version: z.string(),
  matchedModel: z.string().nullable(),
  matchKind: MatchKind,
});

/** POST /cost-analytics/estimate. */
export const EstimateRequest = z.object({
  provider: z.string().max(50).optional(),
  model: z.string().min(1).max(200),
  usage: TokenUsage.extend({ webSearchRequests: z.number().int().nonnegative().optional() }),
});
export type EstimateRequest = z.infer<typeof EstimateRequest>;

export const Estimate = z.object({
  costUsd: z.number(),
  costMicros: Micros,
  breakdown: CostBreakdown,
  tier: z.enum(['base', 'above_200k', 'above_100k']),
  rateCard: RateCardRef,
  /** `unknown_model`: not on the card, priced 0. */
  flag: z.literal('unknown_model').optional(),
});
export type Estimate = z.infer<typeof Estimate>;

/** Import of a LiteLLM `model_prices_and_context_window.json` (decoded) as a new card version. */
export const RateCardImport = z.object({
  id: z.string().min(1).max(100).default('flywheel-default'),
  version: z.string().min(1).max(100),
  effectiveFrom: IsoTime,
  source: z.string().min(1).max(500).default('rest import'),
  prices: z.record(z.string(), z.unknown()),
});
export type RateCardImport = z.infer<typeof RateCardImport>;

export const RateCardInfo = z.object({
  id: z.string(),
  version: z.string(),
  effectiveFrom: IsoTime,
  source: z.string(),
  models: z.number().int().nonnegative(),
  importedAt: IsoTime,
});
export type RateCardInfo = z.infer<typeof RateCardInfo>;

/** Explicit re-pricing of the records in [from, to) with one card (default: the one effective now). */
export const RepriceRequest = z
  .object({
    from: IsoTime,
    to: IsoTime,
    rateCardId: z.string().min(1).max(100).optional(),
    rateCardVersion: z.string().min(1).max(100).optional(),
  })
  .refine((r) => Date.parse(r.from) < Date.parse(r.to), { message: 'from must be before to', path: ['to'] });
export type RepriceRequest = z.infer<typeof RepriceRequest>;

export const RepriceResult = z.object({
  records: z.number().int().nonnegative(),
  totalBeforeMicros: Micros,
  totalAfterMicros: Micros,
  deltaMicros: z.number().int(),
  unknownModels: z.array(z.string()),
  rateCard: z.object({ id: z.string(), version: z.string() }),
});
export type RepriceResult = z.infer<typeof RepriceResult>;
