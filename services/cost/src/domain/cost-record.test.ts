import { describe, expect, it } from 'vitest';
import { loadDefaultRateCard } from './default-rate-card.ts';
import { priceRecord, type IncomingUsage } from './cost-record.ts';

const card = loadDefaultRateCard();
const base: IncomingUsage = {
  messageId: 'm1',
  agentId: 'a1',
  model: 'claude-haiku-4-5-20251001',
  ts: '2026-11-25T10:00:00+02:00',
  usage: { inputTokens: 1000, outputTokens: 100, cacheReadInputTokens: 0, cacheCreationInputTokens: 300, cacheCreation1hInputTokens: 100 },
};

describe('priceRecord', () => {
  it('stores tokens by line item, the match, the card version and a UTC time', () => {
    const r = priceRecord(card, base);
    // 1000 × $1 + 100 × $5 + 200 × $1.25 + 100 × $2 per million.
    expect(r).toMatchObject({
      costMicros: 1950,
      matchedModel: 'claude-haiku-4-5',
      matchKind: 'variant',
      rateCardVersion: card.version,
      divergent: false,
      tokens: { input: 1000, output: 100, cacheRead: 0, cacheWrite5m: 200, cacheWrite1h: 100 },
      ts: '2026-11-25T08:00:00.000Z',
    });
    expect(r.tsMs).toBe(Date.parse('2026-11-25T08:00:00Z'));
  });

  it('keeps a message-scoped reported cost and flags it only beyond rounding', () => {
    expect(priceRecord(card, { ...base, reportedCostUsd: 0.00195 })).toMatchObject({ reportedCostMicros: 1950, divergent: false });
    expect(priceRecord(card, { ...base, reportedCostUsd: 0.003 })).toMatchObject({ reportedCostMicros: 3000, divergent: true });
  });

  it('leaves a turn-scoped report for the store to settle against the turn', () => {
    expect(priceRecord(card, { ...base, reportedCostUsd: 0.5, reportedCostScope: 'turn' })).toMatchObject({ reportedCostMicros: 500_000, divergent: false });
  });

  it('prices an unknown model at zero with matchKind unknown', () => {
    expect(priceRecord(card, { ...base, model: 'nobody-knows-1' })).toMatchObject({ costMicros: 0, matchKind: 'unknown', matchedModel: null });
  });
});
