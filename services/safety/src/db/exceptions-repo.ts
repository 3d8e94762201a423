import { and, desc, eq, isNull, lte, type SQL } from 'drizzle-orm';
import type { ApprovalGrant, DcgException, ExceptionStatus } from '@flywheel/contracts';
import { toException, type StoredApproval, type StoredException } from '../domain/stored-exception.ts';
import { exceptionApprovals, exceptions } from './schema.ts';
import type { SafetyDb } from './safety-db.ts';

type Settlement = { status: Exclude<ExceptionStatus, 'pending'>; grant?: ApprovalGrant; decidedBy?: string; note?: string; consumed?: boolean };

/** Denied or held commands a human may approve. */
export function createExceptionsRepo(db: SafetyDb) {
  const approvalsOf = (id: string): StoredApproval[] =>
    db
      .select({ principal: exceptionApprovals.principal, grant: exceptionApprovals.grant, note: exceptionApprovals.note, at: exceptionApprovals.at })
      .from(exceptionApprovals)
      .where(eq(exceptionApprovals.exceptionId, id))
      .orderBy(exceptionApprovals.at)
      .all();
  const view = (row: StoredException): DcgException => toException(row, (row.quorum ?? 1) > 1 ? approvalsOf(row.id) : []);
  return {
    approvalsOf,
    /** The API view, with the approvals an exception that needs a quorum has so far. */
    view,
    /** Records one principal's approval (a second from the same principal changes nothing); returns the distinct count. */
    addApproval(id: string, a: StoredApproval): number {
      db.insert(exceptionApprovals)
        .values({ exceptionId: id, ...a })
        .onConflictDoNothing()
        .run();
      return approvalsOf(id).length;
    },
    insert(e: StoredException): void {
      db.insert(exceptions).values(e).run();
    },
    get: (id: string): StoredException | undefined => db.select().from(exceptions).where(eq(exceptions.id, id)).get(),
    /** By id, or by short code (case-insensitive). */
    find(ref: string): StoredException | undefined {
      const byId = db.select().from(exceptions).where(eq(exceptions.id, ref)).get();
      return byId ?? db.select().from(exceptions).where(eq(exceptions.shortCode, ref.toUpperCase())).get();
    },
    /** Newest first; `account`: only that account's. */
    list(q: { status?: ExceptionStatus; agentId?: string; limit: number }, account?: string): DcgException[] {
      const where: SQL[] = [];
      if (account !== undefined) where.push(eq(exceptions.accountId, account));
      if (q.status) where.push(eq(exceptions.status, q.status));
      if (q.agentId) where.push(eq(exceptions.agentId, q.agentId));
      return db
        .select()
        .from(exceptions)
        .where(and(...where))
        .orderBy(desc(exceptions.createdAt))
        .limit(q.limit)
        .all()
        .map(view);
    },
    /**
     * Moves a pending exception to its final state; false when it was no longer pending. SQLite makes
     * this the one arbiter between instances racing to approve, deny or expire the same exception.
     */
    settle(id: string, to: Settlement): boolean {
      const r = db
        .update(exceptions)
        .set({
          status: to.status,
          grant: to.grant ?? null,
          decidedBy: to.decidedBy ?? null,
          note: to.note ?? null,
          decidedAt: new Date().toISOString(),
          consumed: to.consumed ?? false,
        })
        .where(and(eq(exceptions.id, id), eq(exceptions.status, 'pending')))
        .run();
      return r.changes === 1;
    },
    /** Uses up one approve-once grant for this agent, account and exact command, if any; returns its id. */
    consumeOnceGrant(who: { agentId?: string; accountId?: string }, commandHash: string): string | undefined {
      const agent = who.agentId ? eq(exceptions.agentId, who.agentId) : isNull(exceptions.agentId);
      const account = who.accountId ? eq(exceptions.accountId, who.accountId) : isNull(exceptions.accountId);
      const row = db
        .select({ id: exceptions.id })
        .from(exceptions)
        .where(
          and(
            eq(exceptions.commandHash, commandHash),
            agent,
            account,
            eq(exceptions.status, 'approved'),
            eq(exceptions.grant, 'once'),
            eq(exceptions.consumed, false),
          ),
        )
        .limit(1)
        .get();
      if (!row) return undefined;
      const r = db
        .update(exceptions)
        .set({ consumed: true })
        .where(and(eq(exceptions.id, row.id), eq(exceptions.consumed, false)))
        .run();
      return r.changes === 1 ? row.id : undefined;
    },
    /** Expires every pending exception past its expiry (e.g. held by an instance that died); returns them. */
    expireDue(now: Date): StoredException[] {
      const at = now.toISOString();
      return db
        .update(exceptions)
        .set({ status: 'expired', decidedBy: 'ttl', decidedAt: at })
        .where(and(eq(exceptions.status, 'pending'), lte(exceptions.expiresAt, at)))
        .returning()
        .all();
    },
  };
}
export type ExceptionsRepo = ReturnType<typeof createExceptionsRepo>;
