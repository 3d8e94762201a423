import { and, desc, eq, gt, inArray, isNull, lte } from 'drizzle-orm';
import type { Reservation } from '@flywheel/contracts';
import { compact } from '../domain/compact.ts';
import { leases } from './schema.ts';
import type { CoordDb } from './coord-db.ts';
import { beforeCursor, pageOf } from './page.ts';

type Row = typeof leases.$inferSelect;

const toReservation = (r: Row): Reservation => {
  const { seq: _seq, warnedAt: _w, ...rest } = compact(r);
  return rest as Reservation;
};

export interface LeaseQuery {
  projectId?: string;
  agentId?: string;
  status: 'active' | 'released' | 'expired' | 'any';
  accountId?: string;
  limit: number;
  cursor?: string;
}

/**
 * Reservations; "active" means status active and not yet past its expiry (the sweeper marks it expired).
 * Each project's active leases are cached in memory for the write check; every change here drops the cache
 * of the project it touches (this repository is the only writer, and coordination runs as one instance).
 */
export function createLeasesRepo(db: CoordDb) {
  const live = (now: string) => and(eq(leases.status, 'active'), gt(leases.expiresAt, now));
  const activeByProject = new Map<string, Reservation[]>();
  const forget = (projectId?: string) => (projectId ? activeByProject.delete(projectId) : activeByProject.clear());
  return {
    insert(r: Reservation): void {
      db.insert(leases).values(r).run();
      forget(r.projectId);
    },
    get(id: string): Reservation | undefined {
      const r = db.select().from(leases).where(eq(leases.id, id)).get();
      return r && toReservation(r);
    },
    active(projectId: string, now: string): Reservation[] {
      let all = activeByProject.get(projectId);
      if (!all) {
        all = db
          .select()
          .from(leases)
          .where(and(eq(leases.projectId, projectId), eq(leases.status, 'active')))
          .all()
          .map(toReservation);
        activeByProject.set(projectId, all);
      }
      return all.filter((r) => r.expiresAt > now);
    },
    activeOf(agentId: string, now: string): Reservation[] {
      return db
        .select()
        .from(leases)
        .where(and(eq(leases.agentId, agentId), live(now)))
        .all()
        .map(toReservation);
    },
    update(id: string, patch: Partial<Reservation>): Reservation {
      db.update(leases).set(patch).where(eq(leases.id, id)).run();
      const r = this.get(id)!;
      forget(r.projectId);
      return r;
    },
    list(q: LeaseQuery, now: string) {
      const where = [
        q.projectId ? eq(leases.projectId, q.projectId) : undefined,
        q.agentId ? eq(leases.agentId, q.agentId) : undefined,
        q.accountId !== undefined ? eq(leases.accountId, q.accountId) : undefined,
        q.status === 'active' ? live(now) : q.status === 'any' ? undefined : eq(leases.status, q.status),
        beforeCursor(leases.seq, q.cursor),
      ];
      return pageOf(
        db
          .select()
          .from(leases)
          .where(and(...where))
          .orderBy(desc(leases.seq))
          .limit(q.limit + 1)
          .all(),
        q.limit,
        toReservation,
      );
    },
    /** Active leases at or past their expiry. */
    due(now: string): Reservation[] {
      return db
        .select()
        .from(leases)
        .where(and(eq(leases.status, 'active'), lte(leases.expiresAt, now)))
        .all()
        .map(toReservation);
    },
    /** Active leases expiring before `by` that have not been warned about yet. */
    expiringBy(now: string, by: string): Reservation[] {
      return db
        .select()
        .from(leases)
        .where(and(live(now), lte(leases.expiresAt, by), isNull(leases.warnedAt)))
        .all()
        .map(toReservation);
    },
    markWarned(ids: string[], at: string): void {
      if (ids.length) db.update(leases).set({ warnedAt: at }).where(inArray(leases.id, ids)).run();
    },
    /** Clears the warning of a renewed lease so it is warned again before its new expiry. */
    clearWarning(id: string): void {
      db.update(leases).set({ warnedAt: null }).where(eq(leases.id, id)).run();
    },
  };
}
export type LeasesRepo = ReturnType<typeof createLeasesRepo>;
