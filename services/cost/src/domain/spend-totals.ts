/** Records, cost and tokens of one group (`key`) of the filtered records. */
export interface SpendTotals {
  key: string | number;
  records: number;
  costMicros: number;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
}

/** The groups partition the filtered records, so the total is their sum (one query, not two). */
export function sumTotals(rows: readonly SpendTotals[]): SpendTotals {
  const t: SpendTotals = { key: '', records: 0, costMicros: 0, inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 };
  for (const r of rows) {
    t.records += r.records;
    t.costMicros += r.costMicros;
    t.inputTokens += r.inputTokens;
    t.outputTokens += r.outputTokens;
    t.cacheReadTokens += r.cacheReadTokens;
    t.cacheWriteTokens += r.cacheWriteTokens;
  }
  return t;
}
