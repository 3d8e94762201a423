import { describe, expect, it } from 'vitest';
import { rateCardFromLiteLlm } from './rate-card.ts';
import { repriceRecords } from './reprice.ts';

const meta = (version: string) => ({ id: 'test', version, effectiveFrom: '2026-01-01T00:00:00Z', source: 'test' });
const oldCard = rateCardFromLiteLlm({ m: { input_cost_per_token: 1e-6, output_cost_per_token: 2e-6 } }, meta('v1'));
const newCard = rateCardFromLiteLlm({ m: { input_cost_per_token: 2e-6, output_cost_per_token: 2e-6 } }, meta('v2'));
const usage = { inputTokens: 1_000, outputTokens: 500, cacheReadInputTokens: 0, cacheCreationInputTokens: 0 };

describe('repriceRecords', () => {
  const records = [
    { id: 'r1', model: 'm', usage, costMicros: 2_000, rateCardVersion: 'v1' },
    { id: 'r2', model: 'gone', usage, costMicros: 700, rateCardVersion: 'v1' },
  ];
  const result = repriceRecords(records, newCard);

  it('prices every record with the new card and keeps the old price for the audit trail', () => {
    expect(result.records[0]).toMatchObject({ id: 'r1', costMicros: 3_000, previousCostMicros: 2_000, rateCardVersion: 'v2', matchKind: 'exact' });
  });

  it('reports the totals before and after and their difference', () => {
    expect(result).toMatchObject({ totalBeforeMicros: 2_700, totalAfterMicros: 3_000, deltaMicros: 300 });
  });

  it('lists models the new card does not know, priced 0 and flagged', () => {
    expect(result.unknownModels).toEqual(['gone']);
    expect(result.records[1]).toMatchObject({ costMicros: 0, flag: 'unknown_model' });
  });

  it('does not modify the input records', () => {
    expect(records[0]).toEqual({ id: 'r1', model: 'm', usage, costMicros: 2_000, rateCardVersion: 'v1' });
  });

  it('is idempotent for the same card', () => {
    const again = repriceRecords(result.records, newCard);
    expect(again.deltaMicros).toBe(0);
    expect(repriceRecords([], oldCard)).toMatchObject({ records: [], totalBeforeMicros: 0, totalAfterMicros: 0 });
  });
});
