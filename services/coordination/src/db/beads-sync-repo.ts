import { eq } from 'drizzle-orm';
import { beadsSync } from './schema.ts';
import type { CoordDb } from './coord-db.ts';

export interface BeadsSyncRow {
  projectId: string;
  repository: string;
  accountId?: string;
  updatedAt: string;
  updatedBy?: string;
}

/** Projects syncing a repository's beads file. */
export function createBeadsSyncRepo(db: CoordDb) {
  const to = (r: typeof beadsSync.$inferSelect): BeadsSyncRow => ({
    projectId: r.projectId,
    repository: r.repository,
    updatedAt: r.updatedAt,
    ...(r.accountId ? { accountId: r.accountId } : {}),
    ...(r.updatedBy ? { updatedBy: r.updatedBy } : {}),
  });
  return {
    all(): BeadsSyncRow[] {
      return db.select().from(beadsSync).all().map(to);
    },
    get(projectId: string): BeadsSyncRow | undefined {
      const r = db.select().from(beadsSync).where(eq(beadsSync.projectId, projectId)).get();
      return r && to(r);
    },
    put(r: BeadsSyncRow): void {
      const row = { repository: r.repository, accountId: r.accountId ?? null, updatedAt: r.updatedAt, updatedBy: r.updatedBy ?? null };
      db.insert(beadsSync)
        .values({ projectId: r.projectId, ...row })
        .onConflictDoUpdate({ target: beadsSync.projectId, set: row })
        .run();
    },
    delete(projectId: string): void {
      db.delete(beadsSync).where(eq(beadsSync.projectId, projectId)).run();
    },
  };
}
export type BeadsSyncRepo = ReturnType<typeof createBeadsSyncRepo>;
