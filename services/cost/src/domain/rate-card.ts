/**
 * Rate cards: a versioned, dated set of model prices in exact integer pico-dollars per token,
 * built from a LiteLLM price file. Every cost record stores the card version it was priced with.
 */
import { z } from 'zod';
import { parseOrThrow } from '@flywheel/contracts/errors';
import { parseLiteLlmFile, type LiteLlmEntry } from './litellm-schema.ts';
import { usdToPicos, type Picos } from './money.ts';

/** Pico-dollars per token for each line item. */
export interface LinePrices {
  input: Picos;
  output: Picos;
  cacheRead: Picos;
  cacheWrite5m: Picos;
  cacheWrite1h: Picos;
}

/**
 * One model's prices; `above200k` (the long-context tier) is fully resolved (items without a tier price keep the
 * base). It applies to prompts above `tierAbove` tokens: 200,000, or 100,000 for a card entry priced `_above_100k_tokens`.
 */
export interface ModelPrice {
  provider: string;
  mode: string | null;
  maxInputTokens: number | null;
  base: LinePrices;
  above200k: LinePrices | null;
  /** Prompt size (tokens) above which `above200k` applies; absent means 200,000. */
  tierAbove?: number;
  /** Pico-dollars per server-side web search request (0 when the card has none). */
  webSearchPerRequest: Picos;
}

/** A versioned price list; `models` is keyed by the card's canonical model id. */
export interface RateCard {
  id: string;
  version: string;
  /** ISO-8601 instant from which the card applies. */
  effectiveFrom: string;
  /** Where the prices came from (file name, URL). */
  source: string;
  models: Record<string, ModelPrice>;
}

/** Card identity supplied by whoever imports the file. */
export const RateCardMeta = z.object({
  id: z.string().min(1),
  version: z.string().min(1),
  effectiveFrom: z.iso.datetime({ offset: true }),
  source: z.string().min(1),
});
export type RateCardMeta = z.infer<typeof RateCardMeta>;

/**
 * Builds a rate card from a decoded LiteLLM JSON file.
 * Missing keys default as LiteLLM consumers expect: cache read and 5-minute write fall back to
 * the input price (a provider without a cache discount bills cached tokens as input), the 1-hour
 * write falls back to the 5-minute write (as Claude Code does), web search to 0.
 * @throws AppError BAD_REQUEST for a malformed file or metadata.
 */
export function rateCardFromLiteLlm(json: unknown, meta: RateCardMeta): RateCard {
  const checked = parseOrThrow(RateCardMeta, meta, 'rate card metadata');
  const { entries } = parseLiteLlmFile(json);
  const models: Record<string, ModelPrice> = {};
  for (const [model, entry] of Object.entries(entries)) models[model] = modelPriceFromEntry(entry);
  return { ...checked, models };
}

/** Converts one LiteLLM entry to exact integer prices. */
export function modelPriceFromEntry(e: LiteLlmEntry): ModelPrice {
  const base = basePrices(e);
  return {
    provider: e.litellm_provider ?? 'unknown',
    mode: e.mode ?? null,
    maxInputTokens: e.max_input_tokens ?? null,
    base,
    above200k: tierPrices(e, base) ?? tierPrices100k(e, base),
    ...(tierPrices(e, base) === null && tierPrices100k(e, base) !== null ? { tierAbove: 100_000 } : {}),
    webSearchPerRequest: picos(e.search_context_cost_per_query?.search_context_size_medium) ?? 0,
  };
}

function basePrices(e: LiteLlmEntry): LinePrices {
  const input = picos(e.input_cost_per_token) ?? 0;
  const cacheWrite5m = picos(e.cache_creation_input_token_cost) ?? input;
  return {
    input,
    output: picos(e.output_cost_per_token) ?? 0,
    cacheRead: picos(e.cache_read_input_token_cost) ?? input,
    cacheWrite5m,
    cacheWrite1h: picos(e.cache_creation_input_token_cost_above_1hr) ?? cacheWrite5m,
  };
}

function tierPrices(e: LiteLlmEntry, base: LinePrices): LinePrices | null {
  const tier = {
    input: picos(e.input_cost_per_token_above_200k_tokens),
    output: picos(e.output_cost_per_token_above_200k_tokens),
    cacheRead: picos(e.cache_read_input_token_cost_above_200k_tokens),
    cacheWrite5m: picos(e.cache_creation_input_token_cost_above_200k_tokens),
    cacheWrite1h: picos(e.cache_creation_input_token_cost_above_1hr_above_200k_tokens),
  };
  if (Object.values(tier).every((v) => v === undefined)) return null;
  return {
    input: tier.input ?? base.input,
    output: tier.output ?? base.output,
    cacheRead: tier.cacheRead ?? base.cacheRead,
    cacheWrite5m: tier.cacheWrite5m ?? base.cacheWrite5m,
    cacheWrite1h: tier.cacheWrite1h ?? base.cacheWrite1h,
  };
}

function tierPrices100k(e: LiteLlmEntry, base: LinePrices): LinePrices | null {
  return tierPrices(
    {
      input_cost_per_token_above_200k_tokens: e.input_cost_per_token_above_100k_tokens,
      output_cost_per_token_above_200k_tokens: e.output_cost_per_token_above_100k_tokens,
      cache_read_input_token_cost_above_200k_tokens: e.cache_read_input_token_cost_above_100k_tokens,
      cache_creation_input_token_cost_above_200k_tokens: e.cache_creation_input_token_cost_above_100k_tokens,
      cache_creation_input_token_cost_above_1hr_above_200k_tokens: e.cache_creation_input_token_cost_above_1hr_above_100k_tokens,
    },
    base,
  );
}

function picos(usd: number | null | undefined): Picos | undefined {
  return usd == null ? undefined : usdToPicos(usd);
}
