/**
 * Token usage of one model response, in Anthropic's vocabulary (the richest one).
 * `inputTokens` excludes cached tokens: for OpenAI and Gemini, whose prompt counts include cached
 * tokens, ingest subtracts them and reports them as `cacheReadInputTokens`.
 */
import { z } from 'zod';

const tokens = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

export const Usage = z.object({
  inputTokens: tokens,
  outputTokens: tokens,
  cacheReadInputTokens: tokens,
  /** All cache-creation tokens (5-minute and 1-hour together). */
  cacheCreationInputTokens: tokens,
  /** Part of the creation tokens written with the 5-minute TTL, when the provider splits them. */
  cacheCreation5mInputTokens: tokens.optional(),
  /** Part of the creation tokens written with the 1-hour TTL (priced 2× input on Anthropic). */
  cacheCreation1hInputTokens: tokens.optional(),
  /** Server-side web search requests (Anthropic bills $10 per 1,000). */
  webSearchRequests: tokens.optional(),
});
export type Usage = z.infer<typeof Usage>;

/** Token counts per priced line item, after resolving the 5m/1h split. */
export interface TokenLines {
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite5m: number;
  cacheWrite1h: number;
}

/**
 * Splits cache creation into 5m and 1h. The total is authoritative and the split only says
 * which part was written for an hour: 1h = the declared 1h tokens, 5m = everything else (so with
 * no split every creation token is 5m, which is what Claude Code assumes too). If the declared
 * 5m + 1h exceed the total, the split is the more specific report and wins.
 */
export function tokenLines(u: Usage): TokenLines {
  const oneHour = u.cacheCreation1hInputTokens ?? 0;
  const total = Math.max(u.cacheCreationInputTokens, (u.cacheCreation5mInputTokens ?? 0) + oneHour);
  return {
    input: u.inputTokens,
    output: u.outputTokens,
    cacheRead: u.cacheReadInputTokens,
    cacheWrite5m: total - oneHour,
    cacheWrite1h: oneHour,
  };
}

/** The prompt size that selects a context tier: input + cache read + cache creation. */
export function promptTokens(lines: TokenLines): number {
  return lines.input + lines.cacheRead + lines.cacheWrite5m + lines.cacheWrite1h;
}
