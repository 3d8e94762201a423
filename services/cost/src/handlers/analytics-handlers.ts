/** Records, grouped summaries, time series and top spenders. */
import { AppError, type RecordsQuery, type Summary, type SummaryQuery, type Timeseries, type TimeseriesQuery, type TopQuery } from '@flywheel/contracts';
import { microsToUsdNumber, sumTotals, type SpendTotals } from '../domain/index.ts';
import type { CostContext } from '../runtime/cost-context.ts';

const DAY_MS = 86_400_000;

const encodeCursor = (tsMs: number, messageId: string) => Buffer.from(JSON.stringify([tsMs, messageId])).toString('base64url');

function decodeCursor(cursor: string): { tsMs: number; messageId: string } {
  try {
    const [tsMs, messageId] = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as [unknown, unknown];
    if (Number.isSafeInteger(tsMs) && typeof messageId === 'string') return { tsMs: tsMs as number, messageId };
  } catch {
    // falls through to the error below
  }
  throw new AppError('BAD_REQUEST', 'invalid cursor');
}

export function records(c: CostContext, q: RecordsQuery) {
  const page = c.analytics.page(q, q.limit, q.cursor ? decodeCursor(q.cursor) : undefined);
  return { items: page.items, ...(page.next ? { nextCursor: encodeCursor(page.next.tsMs, page.next.messageId) } : {}) };
}

const totals = (r: SpendTotals) => ({
  records: r.records,
  costMicros: r.costMicros,
  costUsd: microsToUsdNumber(r.costMicros),
  inputTokens: r.inputTokens,
  outputTokens: r.outputTokens,
  cacheReadTokens: r.cacheReadTokens,
  cacheWriteTokens: r.cacheWriteTokens,
});

const keyOf = (groupBy: string, key: string | number) => (groupBy === 'day' ? new Date(Number(key)).toISOString().slice(0, 10) : String(key));

export function summary(c: CostContext, q: SummaryQuery): Summary {
  const rows = c.analytics.grouped(q, q.groupBy);
  return { groupBy: q.groupBy, rows: rows.map((r) => ({ key: keyOf(q.groupBy, r.key), ...totals(r) })), total: totals(sumTotals(rows)) };
}

export function top(c: CostContext, q: TopQuery): Summary {
  const rows = c.analytics.grouped(q, q.by, { orderByCost: true, limit: q.limit });
  return { groupBy: q.by, rows: rows.map((r) => ({ key: String(r.key), ...totals(r) })), total: totals(c.analytics.total(q)) };
}

export function timeseries(c: CostContext, q: TimeseriesQuery): Timeseries {
  const points = c.analytics.series(q, q.interval === 'hour' ? 3_600_000 : DAY_MS);
  return {
    interval: q.interval,
    points: points.map((p) => ({ t: new Date(p.t).toISOString(), records: p.records, costMicros: p.costMicros, costUsd: microsToUsdNumber(p.costMicros) })),
  };
}
