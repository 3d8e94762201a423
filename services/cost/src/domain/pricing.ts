/**
 * Prices one model response exactly: tokens × integer pico-dollar prices, summed in BigInt,
 * rounded once per record (see round-line-items.ts for the rule and why).
 *
 * Context tier: when the prompt (input + cache read + cache creation) is above 200,000 tokens
 * and the model has an above-200k price, every line item (output included) uses the tier price,
 * as Anthropic and Google bill it. Claude Code 2.1.197 does not model tiers at all, so for
 * Sonnet 4/4.5 prompts above 200k our price (the provider's bill) is higher than its costUSD;
 * pass `{ applyContextTiers: false }` to reproduce Claude Code's figure.
 */
import { parseOrThrow } from '@flywheel/contracts/errors';
import { matchModel, type MatchKind } from './model-match.ts';
import type { LinePrices, RateCard } from './rate-card.ts';
import { roundLineItems } from './round-line-items.ts';
import { promptTokens, tokenLines, Usage, type TokenLines } from './usage.ts';
import type { Micros } from './money.ts';

/** Prompts strictly larger than this use a model's above-200k prices. */
export const CONTEXT_TIER_THRESHOLD_TOKENS = 200_000;

export type PriceTier = 'base' | 'above_200k' | 'above_100k';

/** Micro-dollars per line item; always sums to `costMicros`. */
export interface CostBreakdown {
  input: Micros;
  output: Micros;
  cacheRead: Micros;
  cacheWrite5m: Micros;
  cacheWrite1h: Micros;
  webSearch: Micros;
}

/** The price of one usage record and how it was obtained. */
export interface PricedUsage {
  costMicros: Micros;
  breakdown: CostBreakdown;
  matchedModel: string | null;
  matchKind: MatchKind;
  tier: PriceTier;
  rateCardId: string;
  rateCardVersion: string;
  /** Set when the model is not on the card: the record is priced 0 and must be surfaced. */
  flag?: 'unknown_model';
}

export interface PriceOptions {
  /** Default true. False reproduces agents (like Claude Code) that ignore long-context tiers. */
  applyContextTiers?: boolean;
}

const ZERO: CostBreakdown = { input: 0, output: 0, cacheRead: 0, cacheWrite5m: 0, cacheWrite1h: 0, webSearch: 0 };

/**
 * Prices `usage` of `model` with `card`.
 * @throws AppError BAD_REQUEST when usage has negative, fractional or unsafe counts.
 */
export function priceUsage(card: RateCard, model: string, usage: Usage, options: PriceOptions = {}): PricedUsage {
  const checked = parseOrThrow(Usage, usage, 'usage');
  const { matchedModel, matchKind } = matchModel(card, model);
  const meta = { matchedModel, matchKind, rateCardId: card.id, rateCardVersion: card.version };
  const price = matchedModel === null ? undefined : card.models[matchedModel];
  if (!price) return { ...meta, costMicros: 0, breakdown: { ...ZERO }, tier: 'base', flag: 'unknown_model' };
  const lines = tokenLines(checked);
  const above = price.tierAbove ?? CONTEXT_TIER_THRESHOLD_TOKENS;
  const useTier = price.above200k !== null && options.applyContextTiers !== false && promptTokens(lines) > above;
  const prices = useTier && price.above200k ? price.above200k : price.base;
  const searches = BigInt(checked.webSearchRequests ?? 0) * BigInt(price.webSearchPerRequest);
  const { total, items } = roundLineItems({ ...linePicos(lines, prices), webSearch: searches });
  return { ...meta, costMicros: total, breakdown: items, tier: useTier ? (above === CONTEXT_TIER_THRESHOLD_TOKENS ? 'above_200k' : 'above_100k') : 'base' };
}

function linePicos(lines: TokenLines, prices: LinePrices): Record<keyof LinePrices, bigint> {
  return {
    input: BigInt(lines.input) * BigInt(prices.input),
    output: BigInt(lines.output) * BigInt(prices.output),
    cacheRead: BigInt(lines.cacheRead) * BigInt(prices.cacheRead),
    cacheWrite5m: BigInt(lines.cacheWrite5m) * BigInt(prices.cacheWrite5m),
    cacheWrite1h: BigInt(lines.cacheWrite1h) * BigInt(prices.cacheWrite1h),
  };
}
