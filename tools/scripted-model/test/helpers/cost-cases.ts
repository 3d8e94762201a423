import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ScriptedModel } from '../../src/index.ts';
import { runClaude } from './run-claude.ts';

export interface CostUsage {
  input_tokens: number;
  output_tokens: number;
  cache_read_input_tokens: number;
  cache_creation_input_tokens: number;
  cache_creation: { ephemeral_5m_input_tokens: number; ephemeral_1h_input_tokens: number };
}

export interface CostObservation {
  model: string;
  usage: CostUsage;
  reportedCostUSD: number;
}

export function usage(input: number, output: number, read: number, write5m: number, write1h: number): CostUsage {
  return {
    input_tokens: input,
    output_tokens: output,
    cache_read_input_tokens: read,
    cache_creation_input_tokens: write5m + write1h,
    cache_creation: { ephemeral_5m_input_tokens: write5m, ephemeral_1h_input_tokens: write1h },
  };
}

/** One token kind at a time isolates each rate; the mixed row checks they add up. */
export const MIXED_USAGE = usage(1234, 5678, 91011, 1213, 1415);
export const COST_USAGES: CostUsage[] = [
  usage(100_000, 0, 0, 0, 0),
  usage(0, 100_000, 0, 0, 0),
  usage(0, 0, 100_000, 0, 0),
  usage(0, 0, 0, 100_000, 0),
  usage(0, 0, 0, 0, 100_000),
  MIXED_USAGE,
  usage(300_000, 1000, 250_000, 0, 0),
];

export const COST_MODELS = [
  'claude-opus-4-5',
  'claude-sonnet-4-5-20250929',
  'claude-haiku-4-5',
  'claude-opus-4-1',
  'claude-3-5-haiku',
  'claude-opus-4-8',
  // Claude Code 2.1.332 knows these and the 2026-11-25 card did not: their prices are solved from these runs.
  'claude-opus-5-5',
  'claude-sonnet-5-5',
  'claude-haiku-5-5',
  'claude-fable-5-1',
  'claude-fable-5-2',
  'claude-mythos-5-1',
  'claude-mythos-5-2',
  'claude-3-5-sonnet',
];

/**
 * Claude Haiku 5.5 has a long-prompt tier from 100k prompt tokens in Claude Code 2.1.332: one token kind at a time
 * above it (cache read and output together, the read alone gives output by difference), and the boundary itself.
 */
export const TIER_CASES: { model: string; usage: CostUsage }[] = [
  usage(250_000, 0, 0, 0, 0),
  usage(0, 0, 250_000, 0, 0),
  usage(0, 100_000, 250_000, 0, 0),
  usage(0, 0, 0, 250_000, 0),
  usage(0, 0, 0, 0, 250_000),
  usage(100_000, 1000, 0, 0, 0),
  usage(100_001, 1000, 0, 0, 0),
].map((u) => ({ model: 'claude-haiku-5-5', usage: u }));

// Without it Claude Code 2.1.197 silently sends (and prices) claude-opus-4-0/4-1 as the latest Opus.
const KEEP_REQUESTED_MODEL = { CLAUDE_CODE_DISABLE_LEGACY_MODEL_REMAP: '1' };

/**
 * Runs Claude Code once with `--model model` against a one-turn script reporting `usage` and returns
 * the `costUSD` it reports for that model. Each run has its own API key, so runs can overlap.
 */
export async function observeCost(model: ScriptedModel, modelId: string, u: CostUsage, key: string): Promise<number> {
  model.setScript(key, [{ model: modelId, content: [{ type: 'text', text: 'priced' }], usage: u }]);
  const cwd = await mkdtemp(join(tmpdir(), 'sm-cost-'));
  try {
    const run = await runClaude({
      baseUrl: model.url,
      apiKey: key,
      prompt: 'price this turn',
      cwd,
      model: modelId,
      env: KEEP_REQUESTED_MODEL,
    });
    const result = run.events.find((e) => e.type === 'result');
    const cost = result?.modelUsage?.[modelId]?.costUSD;
    if (typeof cost !== 'number') throw new Error(`no costUSD for ${modelId} (exit ${run.code}): ${run.stderr}`);
    return cost;
  } finally {
    await rm(cwd, { recursive: true, force: true });
  }
}

/** Maps with at most `limit` calls in flight. */
export async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
