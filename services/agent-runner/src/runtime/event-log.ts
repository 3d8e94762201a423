import {
  AGENT_EVENT_FAMILY,
  AgentEvent,
  agentCheckpointsEvent,
  agentOutputEvent,
  agentStateEvent,
  agentToolsEvent,
  subjectFor,
  usageRecordEvent,
  type UsageRecord,
} from '@flywheel/contracts';
import { Counter, type DurablePublisher, type Logger, type Registry } from '@flywheel/kit';
import type { EventDraft } from '../domain/driver-event.ts';
import type { AgentRepo } from '../db/agent-repo.ts';
import type { EventRepo } from '../db/event-repo.ts';

/** Shortest time between two stores of a busy event log (ms): an event waits at most this long for its batch. */
export const FLUSH_GAP_MS = 2;

const FAMILY_EVENT = { output: agentOutputEvent, state: agentStateEvent, tools: agentToolsEvent, checkpoints: agentCheckpointsEvent };

export interface EventLogDeps {
  agents: AgentRepo;
  events: EventRepo;
  durable: DurablePublisher;
  logger: Logger;
  registry?: Registry;
  onPublished?: (e: AgentEvent) => void;
}

/**
 * Stamps each event with the agent's next seq, stores it (so /output pages are complete), then
 * publishes it durably on agent.<family>.<id> with msgId `${agentId}:${seq}`. Storage is batched per
 * event-loop tick: one SQLite transaction for a burst instead of one per event.
 */
export function createEventLog(deps: EventLogDeps) {
  const seqs = new Map<string, number>();
  // An agent's account, project and tree never change; read once. The account goes with every event (x-account-id)
  // for the ws-hub; all three stamp state events, from which coordination keeps its agent registry.
  const stamps = new Map<string, { accountId?: string; projectId?: string; treeRoot?: string }>();
  const stampOf = (agentId: string) => {
    let s = stamps.get(agentId);
    if (!s) {
      const row = deps.agents.get(agentId);
      s = { accountId: row?.accountId ?? undefined, projectId: row?.projectId ?? undefined, treeRoot: row?.treeRoot ?? undefined };
      stamps.set(agentId, s);
    }
    return s;
  };
  const log = deps.logger.child({ mod: 'event-log' });
  const counted =
    deps.registry &&
    new Counter({ name: 'agent_events_total', help: 'Agent events stored and published, by type', labelNames: ['type'], registers: [deps.registry] });
  const nextSeq = (agentId: string) => {
    const n = (seqs.get(agentId) ?? deps.events.maxSeq(agentId)) + 1;
    seqs.set(agentId, n);
    return n;
  };
  // Events of one tick are stored in one transaction, then published in order: store before publish.
  let pending: { event: AgentEvent; json: string; accountId?: string }[] = [];
  let scheduled = false;
  let closed = false;
  let lastFlush = -Infinity;
  const flush = () => {
    scheduled = false;
    lastFlush = performance.now();
    if (pending.length === 0 || closed) return;
    const batch = pending;
    pending = [];
    deps.events.appendMany(batch);
    for (const { event, json, accountId } of batch) publishOne(event, json, accountId);
  };
  const publishOne = (event: AgentEvent, json: string, accountId?: string) => {
    counted?.inc({ type: event.type });
    const family = FAMILY_EVENT[AGENT_EVENT_FAMILY[event.type]];
    // Already parsed in append, and serialised once for both the store and the wire: publishRaw skips a second parse.
    deps.durable.publishRaw(subjectFor(family.subject, event.agentId), Buffer.from(json), `${event.agentId}:${event.seq}`, { accountId }).then(
      () => deps.onPublished?.(event),
      (err) => log.error({ err, agentId: event.agentId, seq: event.seq }, 'agent event not published'),
    );
  };
  return {
    append(agentId: string, draft: EventDraft): AgentEvent {
      const ts = new Date().toISOString();
      const stamp = stampOf(agentId);
      const accountId = stamp.accountId;
      const stamped = draft.type === 'state' ? { ...draft, ...Object.fromEntries(Object.entries(stamp).filter(([, v]) => v !== undefined)) } : draft;
      const event = AgentEvent.parse({ ...stamped, agentId, seq: nextSeq(agentId), ts });
      pending.push({ event, json: JSON.stringify(event), accountId });
      if (!scheduled) {
        scheduled = true;
        // Under a steady stream, at most one transaction (and one burst of publishes) per FLUSH_GAP_MS: each costs a
        // commit and a socket write, whatever its size. An event after a quiet spell goes at the next turn.
        const wait = lastFlush + FLUSH_GAP_MS - performance.now();
        if (wait > 0) setTimeout(flush, wait);
        else setImmediate(flush);
      }
      return event;
    },
    /** Stores and publishes what is pending now (before reading lastSeq, before closing the db). */
    flush,
    close(): void {
      flush();
      closed = true;
    },
    /**
     * One record per model message; the provider's message id makes redelivery idempotent. What is pending (the
     * agent's own `usage` event among it) is stored first: published at once, the record could be acked and counted
     * by cost while the event still waited for its tick, and a kill -9 in between left a message cost counts that the
     * agent's history lacks (found by the system tier).
     */
    usage(record: UsageRecord): void {
      flush();
      deps.durable
        .publish(usageRecordEvent, [record.agentId], record, record.messageId, { accountId: record.accountId })
        .catch((err) => log.error({ err, messageId: record.messageId }, 'usage record not published'));
    },
    forget(agentId: string): void {
      seqs.delete(agentId);
      stamps.delete(agentId);
    },
  };
}
export type EventLog = ReturnType<typeof createEventLog>;
