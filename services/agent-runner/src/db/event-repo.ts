import { and, asc, desc, eq, gt, inArray, lt, max } from 'drizzle-orm';
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
    /**
     * Events after `fromSeq` in seq order (`asc`), or before it newest first (`desc`, `fromSeq` undefined = from the
     * newest): no gaps or duplicates between pages either way.
     */
    page(agentId: string, fromSeq: number | undefined, limit: number, types?: string[], order: 'asc' | 'desc' = 'asc'): { items: AgentEvent[]; more: boolean } {
      const bound = order === 'asc' ? gt(agentEvents.seq, fromSeq ?? 0) : fromSeq === undefined ? undefined : lt(agentEvents.seq, fromSeq);
      const rows = db
        .select({ payload: agentEvents.payload })
        .from(agentEvents)
        .where(and(eq(agentEvents.agentId, agentId), bound, types?.length ? inArray(agentEvents.type, types) : undefined))
        .orderBy(order === 'asc' ? asc(agentEvents.seq) : desc(agentEvents.seq))
        .limit(limit + 1)
        .all();
      return { items: rows.slice(0, limit).map((r) => r.payload as AgentEvent), more: rows.length > limit };
    },
  };
}
export type EventRepo = ReturnType<typeof createEventRepo>;
