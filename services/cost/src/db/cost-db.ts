import type { Db } from '@flywheel/kit';
import type * as schema from './schema.ts';

/** The cost database; repositories write on its better-sqlite3 handle (`$client`) with prepared statements. */
export type CostDb = Db<typeof schema>;

/** The better-sqlite3 handle under the drizzle db. */
export type Sqlite = CostDb['$client'];
