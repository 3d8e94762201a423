import { and, eq, getTableColumns, getTableName, lt, or, type SQL } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Db } from '@flywheel/kit';
import type * as schema from './schema.ts';

/** The gateway database with every table, for the operations repositories. */
export type OpsDb = Db<typeof schema>;

/** Newest-first keyset cursor over (time, id): opaque to callers. */
export const encodeCursor = (ts: string, id: string): string => Buffer.from(`${ts}\n${id}`).toString('base64url');

/** Rows strictly after the cursor in (time desc, id desc) order; a malformed cursor matches nothing older than now. */
export function afterCursor(cursor: string | undefined, tsCol: SQLiteColumn, idCol: SQLiteColumn): SQL | undefined {
  if (!cursor) return undefined;
  const [ts, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('\n');
  if (!ts || id === undefined) return lt(tsCol, '');
  return or(lt(tsCol, ts), and(eq(tsCol, ts), lt(idCol, id)));
}

/**
 * Kept statements for one table keyed by `id`: read a row and upsert a whole row (the event-copy merges run
 * once or more per alert and notification; drizzle's builder prepared every query anew, ~1 ms a merge). Values
 * go through each column's own driver mapping, so JSON columns read and write as drizzle's do.
 */
export function keptRowIo<T extends SQLiteTable>(db: OpsDb, table: T) {
  const cols = Object.entries(getTableColumns(table));
  const name = `"${getTableName(table)}"`;
  const col = (c: (typeof cols)[number][1]) => `"${c.name}"`;
  const select = db.$client.prepare(`select ${cols.map(([k, c]) => `${col(c)} as "${k}"`).join(', ')} from ${name} where "id" = ?`);
  const upsert = db.$client.prepare(
    `insert into ${name} (${cols.map(([, c]) => col(c)).join(', ')}) values (${cols.map(([k]) => `@${k}`).join(', ')}) ` +
      `on conflict ("id") do update set ${cols
        .filter(([k]) => k !== 'id')
        .map(([, c]) => `${col(c)} = excluded.${col(c)}`)
        .join(', ')}`,
  );
  return {
    get(id: string): T['$inferSelect'] | undefined {
      const raw = select.get(id) as Record<string, unknown> | undefined;
      if (!raw) return undefined;
      for (const [k, c] of cols) if (raw[k] !== null) raw[k] = c.mapFromDriverValue(raw[k]);
      return raw as T['$inferSelect'];
    },
    upsert(row: T['$inferSelect']): void {
      const values: Record<string, unknown> = {};
      for (const [k, c] of cols) {
        const v = (row as Record<string, unknown>)[k];
        values[k] = v === null || v === undefined ? null : c.mapToDriverValue(v);
      }
      upsert.run(values);
    },
    /** Runs `fn` in one SQLite transaction (better-sqlite3's own, without drizzle's session around it). */
    transaction: <R>(fn: () => R): R => db.$client.transaction(fn)(),
  };
}
