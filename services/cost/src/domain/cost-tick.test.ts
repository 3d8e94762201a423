import { describe, expect, it } from 'vitest';
import { loadDefaultRateCard } from './default-rate-card.ts';
import { priceRecord } from './cost-record.ts';
import { costTickAccumulator } from './cost-tick.ts';

const card = loadDefaultRateCard();
const record = (messageId: string, model: string, outputTokens: number) =>
  priceRecord(card, {
    messageId,
    agentId: 'a1',
    model,
    ts: '2026-11-25T10:00:00Z',
    usage: { inputTokens: 0, outputTokens, cacheReadInputTokens: 0, cacheCreationInputTokens: 0 },
  });

describe('costTickAccumulator', () => {
  it('sums records per model, most expensive first, and starts over after a take', () => {
    const acc = costTickAccumulator(1000);
    acc.add(record('m1', 'claude-haiku-4-5', 1000));
    acc.add(record('m2', 'claude-haiku-4-5', 1000));
    acc.add(record('m3', 'nobody-knows-1', 1000));
    const tick = acc.take('2026-11-25T10:00:01.000Z');
    expect(tick).toMatchObject({ ts: '2026-11-25T10:00:01.000Z', windowMs: 1000, records: 3, costMicros: 10_000, unknownModels: 1, divergent: 0 });
    expect(tick?.byModel).toEqual([
      { model: 'claude-haiku-4-5', records: 2, costMicros: 10_000 },
      { model: 'nobody-knows-1', records: 1, costMicros: 0 },
    ]);
    expect(acc.take('2026-11-25T10:00:02.000Z')).toBeNull();
  });
});
