/**
 * The oracle: for the same usage, our price equals Claude Code 2.1.197's costUSD to the
 * micro-dollar (within the 0.5 µ$ of our single rounding per record, see reported-cost.ts).
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { claudeCodeCostUsd, type ApiUsage } from './claude-code-reference.test-support.ts';
import { loadDefaultRateCard } from './default-rate-card.ts';
import { priceUsage } from './pricing.ts';
import { compareReportedCost } from './reported-cost.ts';
import type { Usage } from './usage.ts';
import { mulberry32 } from './seeded-random.test-support.ts';

const card = loadDefaultRateCard();

/** Model ids as Claude Code reports them (modelUsage keys and message.model). */
const CLAUDE_CODE_MODELS = [
  'claude-opus-4-8[1m]',
  'claude-opus-4-8',
  'claude-opus-4-7',
  'claude-opus-4-6[1m]',
  'claude-opus-4-5-20251101',
  'claude-opus-4-1-20250805',
  'claude-opus-4-20250514',
  'claude-sonnet-4-6[1m]',
  'claude-sonnet-4-5-20250929',
  'claude-sonnet-4-20250514',
  'claude-3-7-sonnet-20250219',
  'claude-haiku-4-5-20251001',
  'claude-3-5-haiku-20241022',
  'claude-fable-5',
  'claude-mythos-5',
];

/** Random API usage with a prompt of at most 200k tokens; small counts exercise sub-micro fractions. */
function randomApiUsage(rand: () => number): ApiUsage {
  const int = (max: number) => Math.floor(rand() * (max + 1));
  const scale = rand() < 0.5 ? 20 : 50_000;
  const creation = int(scale);
  return {
    input_tokens: int(scale),
    output_tokens: int(scale / 2),
    cache_read_input_tokens: int(2 * scale),
    cache_creation_input_tokens: creation,
    cache_creation: { ephemeral_1h_input_tokens: rand() < 0.5 ? 0 : int(creation), ephemeral_5m_input_tokens: 0 },
    server_tool_use: { web_search_requests: rand() < 0.2 ? int(3) : 0 },
  };
}

/** Claude Code's API usage in our vocabulary. */
function fromApi(u: ApiUsage): Usage {
  return {
    inputTokens: u.input_tokens,
    outputTokens: u.output_tokens,
    cacheReadInputTokens: u.cache_read_input_tokens ?? 0,
    cacheCreationInputTokens: u.cache_creation_input_tokens ?? 0,
    cacheCreation1hInputTokens: u.cache_creation?.ephemeral_1h_input_tokens,
    webSearchRequests: u.server_tool_use?.web_search_requests,
  };
}

describe('priceUsage against Claude Code 2.1.197', () => {
  it.each(CLAUDE_CODE_MODELS)('matches its costUSD to the micro-dollar for 400 random %s responses', (model) => {
    const rand = mulberry32(model.length * 7919 + model.charCodeAt(7));
    for (let i = 0; i < 400; i++) {
      const api = randomApiUsage(rand);
      const priced = priceUsage(card, model, fromApi(api));
      const comparison = compareReportedCost(priced.costMicros, claudeCodeCostUsd(model, api));
      expect({ i, api, ...comparison }).toMatchObject({ divergent: false });
      expect(Math.abs(comparison.deltaMicros)).toBeLessThanOrEqual(1);
    }
  });

  it('matches a session total: the sum of per-response prices against its summed costUSD', () => {
    const rand = mulberry32(42);
    const responses = Array.from({ length: 200 }, () => randomApiUsage(rand));
    const ours = responses.reduce((sum, u) => sum + priceUsage(card, 'claude-sonnet-4-5', fromApi(u)).costMicros, 0);
    const theirs = responses.reduce((sum, u) => sum + claudeCodeCostUsd('claude-sonnet-4-5', u), 0);
    expect(compareReportedCost(ours, theirs, responses.length).divergent).toBe(false);
  });

  it('matches the recorded result message of the shared stream-json fixture exactly', () => {
    // /work/shared/fixtures/claude-code-2.1.197-stream-json.jsonl, result.modelUsage.
    const modelUsage = { inputTokens: 200, outputTokens: 25, cacheReadInputTokens: 100, cacheCreationInputTokens: 20, costUSD: 0.0018000000000000002 };
    const priced = priceUsage(card, 'claude-opus-4-8[1m]', modelUsage);
    expect(priced).toMatchObject({ costMicros: 1_800, matchedModel: 'claude-opus-4-8', matchKind: 'variant' });
    expect(compareReportedCost(priced.costMicros, modelUsage.costUSD)).toEqual({ reportedMicros: 1_800, deltaMicros: 0, divergent: false });
  });
});

describe('known divergences from Claude Code 2.1.197', () => {
  const huge: ApiUsage = { input_tokens: 150_000, output_tokens: 2_000, cache_read_input_tokens: 100_000, cache_creation_input_tokens: 0 };

  it('bills Sonnet 4.5 prompts above 200k at the long-context tier, which Claude Code omits', () => {
    const ours = priceUsage(card, 'claude-sonnet-4-5-20250929[1m]', fromApi(huge));
    expect(compareReportedCost(ours.costMicros, claudeCodeCostUsd('claude-sonnet-4-5', huge)).divergent).toBe(true);
    const asClaudeCode = priceUsage(card, 'claude-sonnet-4-5-20250929[1m]', fromApi(huge), { applyContextTiers: false });
    expect(compareReportedCost(asClaudeCode.costMicros, claudeCodeCostUsd('claude-sonnet-4-5', huge)).divergent).toBe(false);
  });

  it('prices Sonnet 5 at the published $2/$10, where Claude Code still charges the Sonnet 4 $3/$15', () => {
    const u: ApiUsage = { input_tokens: 1_000_000, output_tokens: 0 };
    expect(priceUsage(card, 'claude-sonnet-5', fromApi(u)).costMicros).toBe(2_000_000);
    expect(claudeCodeCostUsd('claude-sonnet-5', u)).toBe(3);
  });

  it('prices a model it does not know at zero and flags it, where Claude Code uses its default model price', () => {
    const u: ApiUsage = { input_tokens: 1_000_000, output_tokens: 0 };
    expect(priceUsage(card, 'claude-opus-6', fromApi(u))).toMatchObject({ costMicros: 0, flag: 'unknown_model' });
    expect(claudeCodeCostUsd('claude-opus-6', u)).toBe(5);
  });
});

interface Observation {
  model: string;
  usage: ApiUsage | Usage;
  reportedCostUSD: number;
  records?: number;
}

const OBSERVATIONS = new URL('../../../../tools/scripted-model/test/fixtures/claude-cost-observations.json', import.meta.url);

const observed = existsSync(OBSERVATIONS);

function compareObservations(options: { applyContextTiers: boolean }) {
  const observations = JSON.parse(readFileSync(OBSERVATIONS, 'utf8')) as Observation[];
  return observations.map((o) => {
    const usage = 'inputTokens' in o.usage ? o.usage : fromApi(o.usage);
    const priced = priceUsage(card, o.model, usage, options);
    return { model: o.model, usage, tier: priced.tier, ...compareReportedCost(priced.costMicros, o.reportedCostUSD, o.records ?? 1) };
  });
}

describe('priceUsage against observations of the real Claude Code', () => {
  it.skipIf(!observed)('matches every recorded costUSD to the micro-dollar when pricing as Claude Code does', () => {
    // Claude Code 2.1.332 applies one tier, Haiku 5.5's above 100k, and ignores the 200k ones.
    const results = compareObservations({ applyContextTiers: false }).filter((r) => r.model !== 'claude-haiku-5-5');
    expect(results.length).toBeGreaterThan(0);
    expect(results.filter((r) => r.divergent)).toEqual([]);
    const haiku55 = compareObservations({ applyContextTiers: true }).filter((r) => r.model === 'claude-haiku-5-5');
    expect(haiku55.filter((r) => r.tier === 'above_100k').length).toBe(7);
    expect(haiku55.filter((r) => r.divergent)).toEqual([]);
  });

  it.skipIf(!observed)('diverges only on long-context-tier prompts when billing the provider price', () => {
    const divergent = compareObservations({ applyContextTiers: true }).filter((r) => r.divergent);
    expect(divergent.length).toBeGreaterThan(0);
    expect(divergent.every((r) => r.tier === 'above_200k')).toBe(true);
  });
});
