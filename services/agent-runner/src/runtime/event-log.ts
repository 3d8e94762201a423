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
import { Counter, encode, type DurablePublisher, type Logger, type Registry } from '@flywheel/kit';
import type { EventDraft } from '../drivers/driver.ts';
import type { AgentRepo } from '../db/agent-repo.ts';
import type { EventRepo } from '../db/event-repo.ts';

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
 * publishes it durably on agent.<family>.<id> with msgId `${agentId}:${seq}`.
 */
export function createEventLog(deps: EventLogDeps) {
  const seqs = new Map<string, number>();
  // An agent's account never changes; read once, sent with every event (x-account-id) for the ws-hub.
  const accounts = new Map<string, string | undefined>();
  const accountOf = (agentId: string) => {
    if (!accounts.has(agentId)) accounts.set(agentId, deps.agents.get(agentId)?.accountId ?? undefined);
    return accounts.get(agentId);
  };
  const log = deps.logger.child({ mod: 'event-log' });
  const counted = deps.registry && new Counter({ name: 'agent_events_total', help: 'Agent events stored and published, by type', labelNames: ['type'], registers: [deps.registry] });
  const nextSeq = (agentId: string) => {
    const n = (seqs.get(agentId) ?? deps.events.maxSeq(agentId)) + 1;
    seqs.set(agentId, n);
    return n;
  };
  return {
    append(agentId: string, draft: EventDraft): AgentEvent {
      const ts = new Date().toISOString();
      const accountId = accountOf(agentId);
      const stamped = draft.type === 'state' && accountId ? { ...draft, accountId } : draft;
      const event = AgentEvent.parse({ ...stamped, agentId, seq: nextSeq(agentId), ts });
      deps.events.append(event);
      counted?.inc({ type: event.type });
      const family = FAMILY_EVENT[AGENT_EVENT_FAMILY[event.type]];
      // Already parsed above; publishRaw skips a second parse on this hot path.
      deps.durable.publishRaw(subjectFor(family.subject, agentId), encode(event), `${agentId}:${event.seq}`, { accountId }).then(
        () => deps.onPublished?.(event),
        (err) => log.error({ err, agentId, seq: event.seq }, 'agent event not published'),
      );
      return event;
    },
    /** One record per model message; the provider's message id makes redelivery idempotent. */
    usage(record: UsageRecord): void {
      deps.durable.publish(usageRecordEvent, [record.agentId], record, record.messageId, { accountId: record.accountId }).catch((err) =>
        log.error({ err, messageId: record.messageId }, 'usage record not published'),
      );
    },
    forget(agentId: string): void {
      seqs.delete(agentId);
      accounts.delete(agentId);
    },
  };
}
export type EventLog = ReturnType<typeof createEventLog>;
