import { lt, type SQL, type SQLWrapper } from 'drizzle-orm';
import type { AnySQLiteColumn } from 'drizzle-orm/sqlite-core';

/** Newest first by seq; the cursor is the seq of the last item of the previous page. */
export const beforeCursor = (seq: AnySQLiteColumn, cursor: string | undefined): SQL | undefined =>
  cursor ? lt(seq, Number.parseInt(cursor, 10) || 0) : undefined;

/** Cuts a `limit + 1` fetch into a page and its next cursor. */
export function pageOf<R extends { seq: number }, T>(rows: R[], limit: number, map: (r: R) => T): { items: T[]; nextCursor?: string } {
  const page = rows.slice(0, limit);
  return { items: page.map(map), nextCursor: rows.length > limit ? String(page.at(-1)!.seq) : undefined };
}

export type { SQLWrapper };
