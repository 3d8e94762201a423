/**
 * Test support only: Claude Code 2.1.197's own cost function, transcribed from the installed
 * binary (node_modules/@anthropic-ai/claude-code, functions `T4r`/`Qhd` and the `Fje` table), so
 * the oracle tests can compare with it on any usage. Floats on purpose: this is what it computes.
 * It has no long-context tier, prices 1h writes at 2× input only when
 * usage.cache_creation.ephemeral_1h_input_tokens > 0, charges $0.01 per web search, and falls
 * back to the default model's price (Opus 4.8) for models it does not know.
 */

/** USD per million tokens, as in Claude Code's table. */
interface CcPrice {
  inputTokens: number;
  outputTokens: number;
  promptCacheWriteTokens: number;
  promptCacheWrite1hTokens: number;
  promptCacheReadTokens: number;
  webSearchRequests: number;
}

const price = (i: number, o: number, w5: number, w1: number, r: number): CcPrice => ({
  inputTokens: i,
  outputTokens: o,
  promptCacheWriteTokens: w5,
  promptCacheWrite1hTokens: w1,
  promptCacheReadTokens: r,
  webSearchRequests: 0.01,
});
const SONNET = price(3, 15, 3.75, 6, 0.3);
const OPUS_4 = price(15, 75, 18.75, 30, 1.5);
const OPUS_45 = price(5, 25, 6.25, 10, 0.5);
const MYTHOS = price(10, 50, 12.5, 20, 1);

const TABLE: Record<string, CcPrice> = {
  'claude-3-5-haiku': price(0.8, 4, 1, 1.6, 0.08),
  'claude-haiku-4-5': price(1, 5, 1.25, 2, 0.1),
  'claude-3-5-sonnet': SONNET,
  'claude-3-7-sonnet': SONNET,
  'claude-sonnet-4-0': SONNET,
  'claude-sonnet-4-5': SONNET,
  'claude-sonnet-4-6': SONNET,
  'claude-sonnet-5': SONNET,
  'claude-opus-4-0': OPUS_4,
  'claude-opus-4-1': OPUS_4,
  'claude-opus-4-5': OPUS_45,
  'claude-opus-4-6': OPUS_45,
  'claude-opus-4-7': OPUS_45,
  'claude-opus-4-8': OPUS_45,
  'claude-fable-5': MYTHOS,
  'claude-mythos-5': MYTHOS,
};

const BY_SUBSTRING = [
  'claude-fable-5',
  'claude-mythos-5',
  'claude-opus-4-8',
  'claude-opus-4-7',
  'claude-opus-4-6',
  'claude-opus-4-5',
  'claude-opus-4-1',
  'claude-sonnet-5',
  'claude-sonnet-4-6',
  'claude-sonnet-4-5',
  'claude-haiku-4-5',
  'claude-3-7-sonnet',
  'claude-3-5-sonnet',
  'claude-3-5-haiku',
];

/** Claude Code's canonical short name (its `c_`), for the first-party ids. */
export function ccCanonical(model: string): string {
  const id = model.toLowerCase();
  const known = BY_SUBSTRING.find((name) => id.includes(name));
  if (known) return known;
  if (/claude-opus-4(?!-\d(?!\d))/.test(id)) return 'claude-opus-4-0';
  if (/claude-sonnet-4(?!-\d(?!\d))/.test(id)) return 'claude-sonnet-4-0';
  return id.replace(/-\d{8}$/, '');
}

/** The Anthropic API usage block Claude Code prices. */
export interface ApiUsage {
  input_tokens: number;
  output_tokens: number;
  cache_read_input_tokens?: number;
  cache_creation_input_tokens?: number;
  cache_creation?: { ephemeral_1h_input_tokens?: number; ephemeral_5m_input_tokens?: number };
  server_tool_use?: { web_search_requests?: number };
}

/** Claude Code's costUSD for one response. */
export function claudeCodeCostUsd(model: string, u: ApiUsage): number {
  const p = TABLE[ccCanonical(model)] ?? OPUS_45;
  const n = u.cache_creation_input_tokens ?? 0;
  const oneHour = Math.min(u.cache_creation?.ephemeral_1h_input_tokens ?? 0, n);
  const writes =
    oneHour <= 0 ? (n / 1e6) * p.promptCacheWriteTokens : (oneHour / 1e6) * p.promptCacheWrite1hTokens + ((n - oneHour) / 1e6) * p.promptCacheWriteTokens;
  return (
    (u.input_tokens / 1e6) * p.inputTokens +
    (u.output_tokens / 1e6) * p.outputTokens +
    ((u.cache_read_input_tokens ?? 0) / 1e6) * p.promptCacheReadTokens +
    writes +
    (u.server_tool_use?.web_search_requests ?? 0) * p.webSearchRequests
  );
}
