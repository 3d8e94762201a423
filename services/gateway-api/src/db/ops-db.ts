import { and, eq, lt, or, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
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
