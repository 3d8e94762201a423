import { and, desc, eq, isNull, lte, type SQL } from 'drizzle-orm';
import type { ApprovalGrant, DcgException, ExceptionStatus } from '@flywheel/contracts';
import { exceptions } from './schema.ts';
import { compact, type SafetyDb } from './types.ts';

export type ExceptionRow = typeof exceptions.$inferSelect;

export const toException = (row: ExceptionRow): DcgException => {
  const { commandHash: _h, consumed: _c, ...rest } = compact(row);
  return rest as DcgException;
};

export function insertException(db: SafetyDb, row: typeof exceptions.$inferInsert): void {
  db.insert(exceptions).values(row).run();
}

/** By id, or by short code (case-insensitive). */
export function findException(db: SafetyDb, ref: string): ExceptionRow | undefined {
  const byId = db.select().from(exceptions).where(eq(exceptions.id, ref)).get();
  return byId ?? db.select().from(exceptions).where(eq(exceptions.shortCode, ref.toUpperCase())).get();
}

export function listExceptions(db: SafetyDb, q: { status?: ExceptionStatus; agentId?: string; limit: number }): DcgException[] {
  const where: SQL[] = [];
  if (q.status) where.push(eq(exceptions.status, q.status));
  if (q.agentId) where.push(eq(exceptions.agentId, q.agentId));
  return db.select().from(exceptions).where(and(...where)).orderBy(desc(exceptions.createdAt)).limit(q.limit).all().map(toException);
}

/**
 * Moves a pending exception to its final state; false when it was no longer pending. SQLite makes
 * this the one arbiter between instances racing to approve, deny or expire the same exception.
 */
export function settleException(db: SafetyDb, id: string, to: { status: Exclude<ExceptionStatus, 'pending'>; grant?: ApprovalGrant; decidedBy?: string; note?: string; consumed?: boolean }): boolean {
  const r = db.update(exceptions)
    .set({ status: to.status, grant: to.grant ?? null, decidedBy: to.decidedBy ?? null, note: to.note ?? null, decidedAt: new Date().toISOString(), consumed: to.consumed ?? false })
    .where(and(eq(exceptions.id, id), eq(exceptions.status, 'pending')))
    .run();
  return r.changes === 1;
}

/** Uses up one approve-once grant for this agent and exact command, if any; returns its id. */
export function consumeOnceGrant(db: SafetyDb, agentId: string | undefined, commandHash: string): string | undefined {
  const row = db.select({ id: exceptions.id }).from(exceptions)
    .where(and(eq(exceptions.commandHash, commandHash), agentId ? eq(exceptions.agentId, agentId) : isNull(exceptions.agentId), eq(exceptions.status, 'approved'), eq(exceptions.grant, 'once'), eq(exceptions.consumed, false)))
    .limit(1).get();
  if (!row) return undefined;
  const r = db.update(exceptions).set({ consumed: true }).where(and(eq(exceptions.id, row.id), eq(exceptions.consumed, false))).run();
  return r.changes === 1 ? row.id : undefined;
}

export const getException = (db: SafetyDb, id: string): ExceptionRow | undefined => db.select().from(exceptions).where(eq(exceptions.id, id)).get();

/** Expires every pending exception past its expiry (e.g. held by an instance that died); returns them. */
export function expireDue(db: SafetyDb, now: Date): ExceptionRow[] {
  const at = now.toISOString();
  return db.update(exceptions).set({ status: 'expired', decidedBy: 'ttl', decidedAt: at })
    .where(and(eq(exceptions.status, 'pending'), lte(exceptions.expiresAt, at))).returning().all();
}
