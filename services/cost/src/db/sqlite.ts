import type { Db } from '@flywheel/kit';

/** The better-sqlite3 handle under the service's drizzle db (for prepared statements). */
export type Sqlite = Db<Record<string, unknown>>['$client'];
