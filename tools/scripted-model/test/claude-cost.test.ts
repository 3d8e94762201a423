import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startScriptedModel, type ScriptedModel } from '../src/index.ts';
import { mapLimit, observeCost, type CostObservation } from './helpers/cost-cases.ts';

const FIXTURE = resolve(import.meta.dirname, 'fixtures/claude-cost-observations.json');
const observations: CostObservation[] = JSON.parse(readFileSync(FIXTURE, 'utf8'));

/** Claude Code 2.1.197's own rate table ($ per million tokens), read from its bundle. */
const RATES: Record<string, { input: number; output: number; write5m: number; write1h: number; read: number }> = {
  'claude-opus-4-8': { input: 5, output: 25, write5m: 6.25, write1h: 10, read: 0.5 },
  'claude-opus-4-5': { input: 5, output: 25, write5m: 6.25, write1h: 10, read: 0.5 },
  'claude-opus-4-1': { input: 15, output: 75, write5m: 18.75, write1h: 30, read: 1.5 },
  'claude-sonnet-4-5-20250929': { input: 3, output: 15, write5m: 3.75, write1h: 6, read: 0.3 },
  'claude-haiku-4-5': { input: 1, output: 5, write5m: 1.25, write1h: 2, read: 0.1 },
  'claude-3-5-haiku': { input: 0.8, output: 4, write5m: 1, write1h: 1.6, read: 0.08 },
  // Claude Code 2.1.332's table (solved from these observations; the same figures are in its bundle).
  'claude-opus-5-5': { input: 4, output: 20, write5m: 5, write1h: 8, read: 0.2 },
  'claude-sonnet-5-5': { input: 2, output: 10, write5m: 2.5, write1h: 4, read: 0.1 },
  'claude-haiku-5-5': { input: 0.1, output: 0.5, write5m: 0.125, write1h: 0.2, read: 0.01 },
  'claude-fable-5-1': { input: 10, output: 50, write5m: 12.5, write1h: 20, read: 0.25 },
  'claude-mythos-5-1': { input: 10, output: 50, write5m: 12.5, write1h: 20, read: 0.25 },
  'claude-fable-5-2': { input: 8, output: 40, write5m: 10, write1h: 16, read: 0.2 },
  'claude-mythos-5-2': { input: 8, output: 40, write5m: 10, write1h: 16, read: 0.2 },
  'claude-3-5-sonnet': { input: 3, output: 15, write5m: 3.75, write1h: 6, read: 0.3 },
};

/** Haiku 5.5's long-prompt prices: every line item, once the prompt is above 100,000 tokens. */
const LONG_PROMPT: Record<string, { above: number; input: number; output: number; write5m: number; write1h: number; read: number }> = {
  'claude-haiku-5-5': { above: 100_000, input: 0.5, output: 2.5, write5m: 0.625, write1h: 1, read: 0.05 },
};

/** Claude Code's formula, float for float: 1h writes are capped at the total; the rest are 5m writes. */
function claudeCodeCost(model: string, u: CostObservation['usage']): number {
  const long = LONG_PROMPT[model];
  const prompt = u.input_tokens + u.cache_read_input_tokens + u.cache_creation_input_tokens;
  const r = long && prompt > long.above ? long : RATES[model];
  const writes = u.cache_creation_input_tokens;
  const oneHour = Math.min(u.cache_creation.ephemeral_1h_input_tokens, writes);
  const writeCost = oneHour <= 0 ? (writes / 1e6) * r.write5m : (oneHour / 1e6) * r.write1h + ((writes - oneHour) / 1e6) * r.write5m;
  return (u.input_tokens / 1e6) * r.input + (u.output_tokens / 1e6) * r.output + (u.cache_read_input_tokens / 1e6) * r.read + writeCost;
}

describe("claude-cost-observations.json (the cost service's pricing oracle)", () => {
  it('covers every token kind for each model', () => {
    const models = new Set(observations.map((o) => o.model));
    expect([...models]).toEqual(expect.arrayContaining(Object.keys(RATES)));
    expect(observations.some((o) => o.usage.cache_creation.ephemeral_1h_input_tokens > 0)).toBe(true);
  });

  it("agrees with Claude Code's rate table and formula to the last float bit", () => {
    for (const o of observations) expect(claudeCodeCost(o.model, o.usage), o.model).toBe(o.reportedCostUSD);
  });
});

describe('real Claude Code still reports the recorded costUSD', () => {
  let model: ScriptedModel;
  beforeAll(async () => {
    model = await startScriptedModel();
  });
  afterAll(() => model.close());

  // 105 live runs take over 4 minutes on the shared 2-core box: the live check runs the mixed row of every model
  // (every token kind non-zero, so any price change shows) and every observation of a model with a long-prompt tier.
  // The float-exact test above checks the whole fixture against the table.
  const sample = observations.filter((o) => LONG_PROMPT[o.model] || o.usage.input_tokens === 1234);

  it('for the mixed row of every model and every observation of a tiered model', { timeout: 300_000 }, async () => {
    expect(sample.length).toBeGreaterThanOrEqual(Object.keys(RATES).length);
    const live = await mapLimit(sample, 3, (o, i) => observeCost(model, o.model, o.usage, `sk-oracle-${i}`));

    expect(live).toEqual(sample.map((o) => o.reportedCostUSD));
  });
});
