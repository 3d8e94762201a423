import { and, asc, eq, gt, inArray, max } from 'drizzle-orm';
import type { AgentEvent } from '@flywheel/contracts';
import { agentEvents, agents } from './schema.ts';
import type { RunnerDb } from './runner-db.ts';

export function createEventRepo(db: RunnerDb) {
  return {
    /** Stores events and moves each agent's lastSeq/lastActivityAt, all in one transaction. */
    appendMany(events: AgentEvent[]): void {
      if (events.length === 0) return;
      const last = new Map<string, AgentEvent>();
      for (const e of events) last.set(e.agentId, e);
      db.transaction((tx) => {
        // 4 bound values a row; 1000 rows stay far below SQLite's variable limit.
        for (let i = 0; i < events.length; i += 1000) {
          tx.insert(agentEvents)
            .values(events.slice(i, i + 1000).map((e) => ({ agentId: e.agentId, seq: e.seq, type: e.type, payload: e })))
            .run();
        }
        for (const e of last.values()) tx.update(agents).set({ lastSeq: e.seq, lastActivityAt: e.ts }).where(eq(agents.id, e.agentId)).run();
      });
    },
    maxSeq(agentId: string): number {
      return (
        db
          .select({ m: max(agentEvents.seq) })
          .from(agentEvents)
          .where(eq(agentEvents.agentId, agentId))
          .get()?.m ?? 0
      );
    },
    /** Events after `afterSeq` in seq order: no gaps or duplicates between pages. */
    page(agentId: string, afterSeq: number, limit: number, types?: string[]): { items: AgentEvent[]; more: boolean } {
      const rows = db
        .select({ payload: agentEvents.payload })
        .from(agentEvents)
        .where(and(eq(agentEvents.agentId, agentId), gt(agentEvents.seq, afterSeq), types?.length ? inArray(agentEvents.type, types) : undefined))
        .orderBy(asc(agentEvents.seq))
        .limit(limit + 1)
        .all();
      return { items: rows.slice(0, limit).map((r) => r.payload as AgentEvent), more: rows.length > limit };
    },
  };
}
export type EventRepo = ReturnType<typeof createEventRepo>;
