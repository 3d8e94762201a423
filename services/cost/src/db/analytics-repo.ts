/** Read side: record pages, grouped totals, time series and daily series. */
import type { CostFilter, GroupBy } from '@flywheel/contracts';
import { GROUP_COLUMN, RECORDS, sourceFor, whereClause, type Source } from './filter-sql.ts';
import type { Sqlite } from './sqlite.ts';

export interface TotalsRow {
  key: string | number;
  records: number;
  costMicros: number;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
}

const totals = (s: Source) => `${s.records} AS records, coalesce(sum(cost_micros),0) AS costMicros, coalesce(sum(input_tokens),0) AS inputTokens,
  coalesce(sum(output_tokens),0) AS outputTokens, coalesce(sum(cache_read_tokens),0) AS cacheReadTokens,
  coalesce(sum(${s.cacheWrite}),0) AS cacheWriteTokens`;

export interface AnalyticsRepo {
  grouped(f: CostFilter, groupBy: GroupBy, opts?: { orderByCost?: boolean; limit?: number }): TotalsRow[];
  total(f: CostFilter): TotalsRow;
  series(f: CostFilter, bucketMs: number): { t: number; records: number; costMicros: number }[];
  /** Raw rows, newest first, after the (tsMs, messageId) cursor. */
  page(f: CostFilter & { divergent?: boolean }, limit: number, after?: { tsMs: number; messageId: string }): Record<string, unknown>[];
}

export function analyticsRepo(sqlite: Sqlite): AnalyticsRepo {
  return {
    grouped(f, groupBy, opts = {}) {
      const src = sourceFor(f);
      const w = whereClause(f, src);
      const col = GROUP_COLUMN[groupBy](src);
      const order = opts.orderByCost ? 'costMicros DESC, key' : 'key';
      const limit = opts.limit ? `LIMIT ${Math.trunc(opts.limit)}` : '';
      return sqlite.prepare(`SELECT ${col} AS key, ${totals(src)} FROM ${src.table} ${w.sql} GROUP BY 1 ORDER BY ${order} ${limit}`).all(...w.args) as TotalsRow[];
    },
    total(f) {
      const src = sourceFor(f);
      const w = whereClause(f, src);
      return sqlite.prepare(`SELECT '' AS key, ${totals(src)} FROM ${src.table} ${w.sql}`).get(...w.args) as TotalsRow;
    },
    series(f, bucketMs) {
      const src = sourceFor(f);
      const w = whereClause(f, src);
      const sql = `SELECT (${src.time} - ${src.time} % ${bucketMs}) AS t, ${src.records} AS records, sum(cost_micros) AS costMicros
        FROM ${src.table} ${w.sql} GROUP BY 1 ORDER BY 1`;
      return sqlite.prepare(sql).all(...w.args) as { t: number; records: number; costMicros: number }[];
    },
    page(f, limit, after) {
      const w = whereClause(f, RECORDS);
      const parts = w.sql ? [w.sql.slice('WHERE '.length)] : [];
      const args = [...w.args];
      if (f.divergent !== undefined) (parts.push('divergent = ?'), args.push(f.divergent ? 1 : 0));
      if (after) (parts.push('(ts_ms < ? OR (ts_ms = ? AND message_id < ?))'), args.push(after.tsMs, after.tsMs, after.messageId));
      const where = parts.length ? `WHERE ${parts.join(' AND ')}` : '';
      return sqlite.prepare(`SELECT * FROM usage_records ${where} ORDER BY ts_ms DESC, message_id DESC LIMIT ?`).all(...args, limit) as Record<string, unknown>[];
    },
  };
}
