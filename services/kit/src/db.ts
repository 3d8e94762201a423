import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';

/** A drizzle schema module (`import * as schema from './db/schema.ts'`). */
export type DbSchema = Record<string, unknown>;

export type Db<S extends DbSchema = Record<string, never>> = BetterSQLite3Database<S> & { $client: Database.Database };

/**
 * Opens a service's SQLite file (WAL, foreign keys, busy timeout) and applies the committed
 * drizzle-kit migrations in `migrationsFolder` before anything else touches it.
 */
export function openDb<S extends DbSchema>(file: string, opts: { schema: S; migrationsFolder?: string }): Db<S> {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('synchronous = NORMAL');
  const db = drizzle(sqlite, { schema: opts.schema }) as Db<S>;
  if (opts.migrationsFolder) migrate(db, { migrationsFolder: opts.migrationsFolder });
  return db;
}

// One `select 1` statement per open database: every health RPC runs it, and preparing costs ten times the run.
const probes = new WeakMap<Database.Database, Database.Statement>();

/** Quick liveness check used by health handlers. */
export function dbCheck(db: Db<DbSchema>): 'ok' | 'error' {
  try {
    let probe = probes.get(db.$client);
    if (!probe) probes.set(db.$client, (probe = db.$client.prepare('select 1')));
    probe.get();
    return 'ok';
  } catch {
    return 'error';
  }
}

/** A service's own SQLite file: `${dataDir}/${service}.db` (DATA_DIR defaults to ./data). */
export const serviceDbFile = (dataDir: string, service: string): string => `${dataDir.replace(/\/+$/, '')}/${service}.db`;
