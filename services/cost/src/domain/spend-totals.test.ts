import { describe, expect, it } from 'vitest';
import { sumTotals } from './spend-totals.ts';

describe('sumTotals', () => {
  it('adds every count of the groups into one total', () => {
    const row = (key: string, n: number) => ({
      key,
      records: n,
      costMicros: 10 * n,
      inputTokens: 2 * n,
      outputTokens: 3 * n,
      cacheReadTokens: 4 * n,
      cacheWriteTokens: 5 * n,
    });
    expect(sumTotals([row('a', 1), row('b', 2)])).toEqual({
      key: '',
      records: 3,
      costMicros: 30,
      inputTokens: 6,
      outputTokens: 9,
      cacheReadTokens: 12,
      cacheWriteTokens: 15,
    });
  });

  it('is all zeros for no groups', () => {
    expect(sumTotals([]).records).toBe(0);
  });
});
