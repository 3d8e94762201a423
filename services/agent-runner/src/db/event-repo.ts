import { and, asc, desc, eq, gt, inArray, lt, max } from 'drizzle-orm';
import type { AgentEvent } from '@flywheel/contracts';
import { agentEvents } from './schema.ts';
import type { RunnerDb } from './runner-db.ts';

/** An event to store, with its JSON already made (the same text is then published: serialised once). */
export interface EncodedEvent {
  event: AgentEvent;
  json: string;
}

export function createEventRepo(db: RunnerDb) {
  // Kept prepared statements on the hot path: drizzle's query building and preparing cost ~10× the run itself.
  // The payload column is drizzle's json-mode text, i.e. JSON.stringify of the event: `json` is exactly that.
  const insertEvent = db.$client.prepare('insert into agent_events (agent_id, seq, type, payload) values (?, ?, ?, ?)');
  const moveAgent = db.$client.prepare('update agents set last_seq = ?, last_activity_at = ? where id = ?');
  const appendAll = db.$client.transaction((batch: EncodedEvent[]) => {
    const last = new Map<string, AgentEvent>();
    for (const { event, json } of batch) {
      insertEvent.run(event.agentId, event.seq, event.type, json);
      last.set(event.agentId, event);
    }
    for (const e of last.values()) moveAgent.run(e.seq, e.ts, e.agentId);
  });
  return {
    /** Stores events and moves each agent's lastSeq/lastActivityAt, all in one transaction. */
    appendMany(batch: EncodedEvent[]): void {
      if (batch.length > 0) appendAll(batch);
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
