import { and, desc, eq, inArray, or } from 'drizzle-orm';
import type { Handoff, HandoffPhase } from '@flywheel/contracts';
import { compact } from '../domain/compact.ts';
import { handoffs } from './schema.ts';
import type { CoordDb } from './coord-db.ts';
import { beforeCursor, pageOf } from './page.ts';

type Row = typeof handoffs.$inferSelect;

const toHandoff = (r: Row): Handoff => {
  const { seq: _seq, fromAgent, toAgent, ...rest } = compact(r);
  return { ...rest, fromAgentId: fromAgent, ...(toAgent ? { toAgentId: toAgent } : {}) } as Handoff;
};

export interface HandoffQuery {
  projectId?: string;
  agentId?: string;
  phase?: HandoffPhase;
  accountId?: string;
  limit: number;
  cursor?: string;
}

/** Handoffs with their audit trail (a JSON list of phase steps). */
export function createHandoffsRepo(db: CoordDb) {
  return {
    insert(h: Handoff): void {
      const { fromAgentId, toAgentId, ...rest } = h;
      db.insert(handoffs)
        .values({ ...rest, fromAgent: fromAgentId, toAgent: toAgentId ?? '' })
        .run();
    },
    get(id: string): Handoff | undefined {
      const r = db.select().from(handoffs).where(eq(handoffs.id, id)).get();
      return r && toHandoff(r);
    },
    update(id: string, patch: Partial<Omit<Handoff, 'fromAgentId' | 'toAgentId' | 'id'>>): Handoff {
      db.update(handoffs).set(patch).where(eq(handoffs.id, id)).run();
      return this.get(id)!;
    },
    /** The target of a handoff whose agent was spawned for it (stored as '' until then). */
    setTarget(id: string, toAgentId: string): void {
      db.update(handoffs).set({ toAgent: toAgentId }).where(eq(handoffs.id, id)).run();
    },
    inPhases(phases: HandoffPhase[]): Handoff[] {
      return db.select().from(handoffs).where(inArray(handoffs.phase, phases)).all().map(toHandoff);
    },
    list(q: HandoffQuery) {
      const where = [
        q.projectId ? eq(handoffs.projectId, q.projectId) : undefined,
        q.agentId ? or(eq(handoffs.fromAgent, q.agentId), eq(handoffs.toAgent, q.agentId)) : undefined,
        q.phase ? eq(handoffs.phase, q.phase) : undefined,
        q.accountId !== undefined ? eq(handoffs.accountId, q.accountId) : undefined,
        beforeCursor(handoffs.seq, q.cursor),
      ];
      return pageOf(
        db
          .select()
          .from(handoffs)
          .where(and(...where))
          .orderBy(desc(handoffs.seq))
          .limit(q.limit + 1)
          .all(),
        q.limit,
        toHandoff,
      );
    },
  };
}
export type HandoffsRepo = ReturnType<typeof createHandoffsRepo>;
