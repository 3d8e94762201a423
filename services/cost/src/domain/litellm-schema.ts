/**
 * The subset of LiteLLM's `model_prices_and_context_window.json` that prices tokens.
 * Unknown keys are dropped, `sample_spec` (LiteLLM's documentation entry) is skipped, and a
 * malformed entry fails the whole file with an error naming the model and the key.
 */
import { z } from 'zod';
import { AppError } from '@flywheel/contracts/errors';

const usdPerToken = z.number().finite().nonnegative().nullish();

/** One LiteLLM model entry, prices in USD per token (or per request for web search). */
export const LiteLlmEntry = z.object({
  input_cost_per_token: usdPerToken,
  output_cost_per_token: usdPerToken,
  cache_read_input_token_cost: usdPerToken,
  cache_creation_input_token_cost: usdPerToken,
  cache_creation_input_token_cost_above_1hr: usdPerToken,
  input_cost_per_token_above_200k_tokens: usdPerToken,
  output_cost_per_token_above_200k_tokens: usdPerToken,
  cache_read_input_token_cost_above_200k_tokens: usdPerToken,
  cache_creation_input_token_cost_above_200k_tokens: usdPerToken,
  cache_creation_input_token_cost_above_1hr_above_200k_tokens: usdPerToken,
  // The same tier from 100k prompt tokens (Claude Haiku 5.5); a model has one tier, 100k or 200k.
  input_cost_per_token_above_100k_tokens: usdPerToken,
  output_cost_per_token_above_100k_tokens: usdPerToken,
  cache_read_input_token_cost_above_100k_tokens: usdPerToken,
  cache_creation_input_token_cost_above_100k_tokens: usdPerToken,
  cache_creation_input_token_cost_above_1hr_above_100k_tokens: usdPerToken,
  search_context_cost_per_query: z
    .object({
      search_context_size_low: usdPerToken,
      search_context_size_medium: usdPerToken,
      search_context_size_high: usdPerToken,
    })
    .nullish(),
  litellm_provider: z.string().nullish(),
  mode: z.string().nullish(),
  max_input_tokens: z.number().int().nonnegative().nullish(),
});
export type LiteLlmEntry = z.infer<typeof LiteLlmEntry>;

/** The result of parsing a LiteLLM file: priced entries, and the ids skipped (with why). */
export interface LiteLlmFile {
  entries: Record<string, LiteLlmEntry>;
  skipped: { model: string; reason: 'sample_spec' | 'no_token_prices' }[];
}

/**
 * Parses a LiteLLM price file (already JSON-decoded).
 * @throws AppError BAD_REQUEST naming the offending model and key.
 */
export function parseLiteLlmFile(json: unknown): LiteLlmFile {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new AppError('BAD_REQUEST', 'invalid LiteLLM rate card: expected a JSON object keyed by model id');
  }
  const file: LiteLlmFile = { entries: {}, skipped: [] };
  for (const [model, raw] of Object.entries(json)) {
    if (model === 'sample_spec') {
      file.skipped.push({ model, reason: 'sample_spec' });
      continue;
    }
    const entry = parseEntry(model, raw);
    if (entry.input_cost_per_token == null && entry.output_cost_per_token == null) {
      file.skipped.push({ model, reason: 'no_token_prices' });
      continue;
    }
    file.entries[model] = entry;
  }
  return file;
}

function parseEntry(model: string, raw: unknown): LiteLlmEntry {
  const result = LiteLlmEntry.safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const key = issue?.path.map(String).join('.') || '(entry)';
  throw new AppError('BAD_REQUEST', `invalid LiteLLM rate card: model "${model}" key "${key}": ${issue?.message ?? 'invalid'}`, {
    model,
    key,
    issues: result.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })),
  });
}
