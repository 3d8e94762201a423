import { describe, expect, it } from 'vitest';
import { loadDefaultRateCard } from './default-rate-card.ts';
import { computeRecommendations } from './recommendations.ts';
import type { CostRecord } from './recommendation-types.ts';

const card = loadDefaultRateCard();
const HOUR = 3_600_000;
const T0 = Date.parse('2026-11-02T09:00:00Z');

function record(r: Partial<CostRecord> & Pick<CostRecord, 'agentId' | 'model'>): CostRecord {
  return { inputTokens: 10_000, outputTokens: 2_000, cacheRead: 80_000, cacheWrite: 5_000, costMicros: 0, ts: T0, ...r };
}

/** `n` records with costs priced by the card, spread one per minute from `start`. */
function many(n: number, r: Partial<CostRecord> & Pick<CostRecord, 'agentId' | 'model'>, start = T0): CostRecord[] {
  return Array.from({ length: n }, (_, i) => {
    const base = record({ ...r, ts: start + i * 60_000 });
    return { ...base, costMicros: r.costMicros ?? priceOf(base) };
  });
}

function priceOf(r: CostRecord): number {
  const u = { opus: [5, 25, 0.5, 6.25], sonnet: [3, 15, 0.3, 3.75], haiku: [1, 5, 0.1, 1.25] }[r.model.split('-')[1] as 'opus' | 'sonnet' | 'haiku'];
  return Math.round(r.inputTokens * u[0]! + r.outputTokens * u[1]! + r.cacheRead * u[2]! + r.cacheWrite * u[3]!);
}

const kinds = (records: CostRecord[]) => computeRecommendations(records, card).map((r) => r.kind);

describe('computeRecommendations', () => {
  it('suggests a cheaper model of the same provider proven on the same task type, with the repriced saving', () => {
    const records = [
      ...many(100, { agentId: 'a1', model: 'claude-opus-4-8', taskType: 'lint' }),
      ...many(5, { agentId: 'a2', model: 'claude-haiku-4-5', taskType: 'lint' }),
    ];
    const [rec] = computeRecommendations(records, card).filter((r) => r.kind === 'cheaper_model');
    // Opus 4.8 → Haiku 4.5 is 5× cheaper on every line item: 100 × (50,000 + 50,000 + 40,000 + 31,250) µ$ × 4/5.
    expect(rec).toMatchObject({
      estimatedSavingMicros: 13_700_000,
      context: { fromModel: 'claude-opus-4-8', toModel: 'claude-haiku-4-5', taskType: 'lint' },
      evidence: { records: 100, currentMicros: 17_125_000, repricedMicros: 3_425_000, cheaperModelRecords: 5 },
      scope: { kind: 'task_type', value: 'lint' },
    });
  });

  it('does not suggest a cheaper model that has not served the task type often enough', () => {
    const records = [
      ...many(100, { agentId: 'a1', model: 'claude-opus-4-8', taskType: 'lint' }),
      ...many(4, { agentId: 'a2', model: 'claude-haiku-4-5', taskType: 'lint' }),
    ];
    expect(kinds(records)).not.toContain('cheaper_model');
  });

  it("does not suggest another provider's model", () => {
    const records = [
      ...many(100, { agentId: 'a1', model: 'claude-opus-4-8', taskType: 'lint' }),
      ...many(9, { agentId: 'a2', model: 'gpt-5-nano', taskType: 'lint', costMicros: 1 }),
    ];
    expect(kinds(records)).not.toContain('cheaper_model');
  });

  it('flags an agent with a low cache-read ratio and estimates the saving at the target ratio', () => {
    const records = many(10, { agentId: 'a1', model: 'claude-sonnet-4-6', inputTokens: 90_000, cacheRead: 10_000, cacheWrite: 0, outputTokens: 100 });
    const rec = computeRecommendations(records, card).find((r) => r.kind === 'low_cache_ratio');
    // prompt 1,000,000, read 100,000; at 80% another 700,000 tokens would cost 0.3 instead of 3 µ$.
    expect(rec).toMatchObject({
      estimatedSavingMicros: 1_890_000,
      evidence: { cacheReadRatio: 0.1, promptTokens: 1_000_000 },
      scope: { kind: 'agent', value: 'a1' },
    });
  });

  it('leaves a well-cached agent alone', () => {
    expect(kinds(many(20, { agentId: 'a1', model: 'claude-sonnet-4-6', inputTokens: 5_000, cacheRead: 95_000 }))).not.toContain('low_cache_ratio');
  });

  it('flags an agent whose responses are almost all empty, saving their cost', () => {
    const records = [
      ...many(18, { agentId: 'spinner', model: 'claude-sonnet-4-6', outputTokens: 3, costMicros: 100_000 }),
      ...many(2, { agentId: 'spinner', model: 'claude-sonnet-4-6', costMicros: 100_000 }),
    ];
    expect(computeRecommendations(records, card).find((r) => r.kind === 'idle_agent')).toMatchObject({
      estimatedSavingMicros: 1_800_000,
      evidence: { records: 20, idleRecords: 18, idleShare: 0.9 },
    });
  });

  it('flags agents duplicating the same task in the same project at the same time', () => {
    const records = [
      ...many(30, { agentId: 'big', model: 'claude-sonnet-4-6', projectId: 'p1', taskType: 'fix-ci', costMicros: 200_000 }),
      ...many(20, { agentId: 'copy', model: 'claude-sonnet-4-6', projectId: 'p1', taskType: 'fix-ci', costMicros: 100_000 }, T0 + 5 * 60_000),
      ...many(20, { agentId: 'later', model: 'claude-sonnet-4-6', projectId: 'p1', taskType: 'fix-ci', costMicros: 100_000 }, T0 + 5 * HOUR),
    ];
    const rec = computeRecommendations(records, card).find((r) => r.kind === 'duplicate_agents');
    expect(rec).toMatchObject({
      estimatedSavingMicros: 2_000_000,
      context: { keptAgentId: 'big', duplicateAgentIds: 'copy' },
      scope: { kind: 'project', value: 'p1' },
    });
  });

  it('handles an agent with hundreds of thousands of records (no argument-spread limits)', () => {
    const records = many(300_000, { agentId: 'busy', model: 'claude-haiku-4-5', projectId: 'p1', taskType: 'fix-ci', costMicros: 1 });
    expect(() => computeRecommendations(records, card)).not.toThrow();
  });

  it('suggests batching latency-tolerant task types at the batch discount', () => {
    const records = many(10, { agentId: 'e', model: 'claude-sonnet-4-6', taskType: 'eval', costMicros: 500_000 });
    expect(computeRecommendations(records, card).find((r) => r.kind === 'off_peak_batching')).toMatchObject({
      estimatedSavingMicros: 2_500_000,
      evidence: { records: 10, costMicros: 5_000_000 },
    });
  });

  it('drops advice saving less than the minimum', () => {
    expect(computeRecommendations(many(2, { agentId: 'e', model: 'claude-sonnet-4-6', taskType: 'eval', costMicros: 500_000 }), card)).toEqual([]);
  });

  it('lists the largest saving first', () => {
    const records = [
      ...many(10, { agentId: 'e', model: 'claude-sonnet-4-6', taskType: 'eval', costMicros: 500_000 }),
      ...many(10, { agentId: 'r', model: 'claude-sonnet-4-6', taskType: 'report', costMicros: 900_000 }),
    ];
    expect(computeRecommendations(records, card).map((r) => r.scope.value)).toEqual(['report', 'eval']);
  });

  it('accepts custom thresholds', () => {
    const records = many(10, { agentId: 'e', model: 'claude-sonnet-4-6', taskType: 'nightly', costMicros: 500_000 });
    expect(computeRecommendations(records, card, { batchableTaskTypes: ['nightly'] }).map((r) => r.kind)).toEqual(['off_peak_batching']);
  });

  it('rejects a record with an unreadable timestamp', () => {
    const records = many(2, { agentId: 'x', model: 'claude-sonnet-4-6', projectId: 'p', taskType: 't' }).map((r) => ({ ...r, ts: 'soon' }));
    expect(() => computeRecommendations(records, card)).toThrow(/invalid ts/);
  });
});
