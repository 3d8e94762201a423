/** Read side: record pages, grouped totals, time series and daily series. */
import type { CostFilter, CostRecordView, GroupBy } from '@flywheel/contracts';
import type { SpendTotals } from '../domain/index.ts';
import { GROUP_COLUMN, RECORDS, sourceFor, whereClause, type Source } from './filter-sql.ts';
import { toRecordView } from './record-view.ts';
import type { CostDb } from './cost-db.ts';

const totals = (s: Source) => `${s.records} AS records, coalesce(sum(cost_micros),0) AS costMicros, coalesce(sum(input_tokens),0) AS inputTokens,
  coalesce(sum(output_tokens),0) AS outputTokens, coalesce(sum(cache_read_tokens),0) AS cacheReadTokens,
  coalesce(sum(${s.cacheWrite}),0) AS cacheWriteTokens`;

/** The key of a record in page order (newest first). */
export interface RecordKey {
  tsMs: number;
  messageId: string;
}

export function createAnalyticsRepo(db: CostDb) {
  const sqlite = db.$client;
  return {
    grouped(f: CostFilter, groupBy: GroupBy, opts: { orderByCost?: boolean; limit?: number } = {}): SpendTotals[] {
      const src = sourceFor(f);
      const w = whereClause(f, src);
      const col = GROUP_COLUMN[groupBy](src);
      const order = opts.orderByCost ? 'costMicros DESC, key' : 'key';
      const limit = opts.limit ? `LIMIT ${Math.trunc(opts.limit)}` : '';
      return sqlite
        .prepare(`SELECT ${col} AS key, ${totals(src)} FROM ${src.table} ${w.sql} GROUP BY 1 ORDER BY ${order} ${limit}`)
        .all(...w.args) as SpendTotals[];
    },
    total(f: CostFilter): SpendTotals {
      const src = sourceFor(f);
      const w = whereClause(f, src);
      return sqlite.prepare(`SELECT '' AS key, ${totals(src)} FROM ${src.table} ${w.sql}`).get(...w.args) as SpendTotals;
    },
    series(f: CostFilter, bucketMs: number): { t: number; records: number; costMicros: number }[] {
      const src = sourceFor(f);
      const w = whereClause(f, src);
      const sql = `SELECT (${src.time} - ${src.time} % ${bucketMs}) AS t, ${src.records} AS records, sum(cost_micros) AS costMicros
        FROM ${src.table} ${w.sql} GROUP BY 1 ORDER BY 1`;
      return sqlite.prepare(sql).all(...w.args) as { t: number; records: number; costMicros: number }[];
    },
    /** Records newest first after the `after` key; `next` is the key of the last one when more follow. */
    page(f: CostFilter & { divergent?: boolean }, limit: number, after?: RecordKey): { items: CostRecordView[]; next?: RecordKey } {
      const w = whereClause(f, RECORDS);
      const parts = w.sql ? [w.sql.slice('WHERE '.length)] : [];
      const args = [...w.args];
      if (f.divergent !== undefined) {
        parts.push('divergent = ?');
        args.push(f.divergent ? 1 : 0);
      }
      if (after) {
        parts.push('(ts_ms < ? OR (ts_ms = ? AND message_id < ?))');
        args.push(after.tsMs, after.tsMs, after.messageId);
      }
      const where = parts.length ? `WHERE ${parts.join(' AND ')}` : '';
      const rows = sqlite.prepare(`SELECT * FROM usage_records ${where} ORDER BY ts_ms DESC, message_id DESC LIMIT ?`).all(...args, limit + 1) as Record<
        string,
        unknown
      >[];
      const last = rows.length > limit ? (rows[limit - 1] as { ts_ms: number; message_id: string }) : undefined;
      return { items: rows.slice(0, limit).map(toRecordView), ...(last ? { next: { tsMs: last.ts_ms, messageId: last.message_id } } : {}) };
    },
  };
}
export type AnalyticsRepo = ReturnType<typeof createAnalyticsRepo>;
