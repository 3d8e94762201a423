import { DeliverPolicy, jetstream } from '@nats-io/jetstream';
import { ACCOUNT_HEADER, streamNameForFamily } from '@flywheel/contracts';
import type { Logger, NatsConnection } from '@flywheel/kit';
import type { OwnerLookup } from './domain/access.ts';
import { eventInput } from './domain/event-input.ts';

/**
 * agent → account, learnt from agent events: the `accountId` the runner puts in state events, or
 * the x-account-id header of any agent event. At boot the last state event of every agent is read
 * back from FW_AGENT_STATE, so a fresh instance knows every agent still in retention.
 */
export class Owners implements OwnerLookup {
  private readonly map = new Map<string, string>();

  ownerOf(agentId: string): string | undefined {
    return this.map.get(agentId);
  }

  get size(): number {
    return this.map.size;
  }

  learn(agentId: string | undefined, value: unknown, header: string | undefined): void {
    if (!agentId) return;
    const acct = (value as { accountId?: unknown }).accountId;
    const owner = typeof acct === 'string' && acct.length > 0 && acct.length <= 100 ? acct : header;
    if (owner) this.map.set(agentId, owner);
  }

  async load(nc: NatsConnection, logger: Logger): Promise<void> {
    const stream = streamNameForFamily('agent:state');
    const consumer = await jetstream(nc).consumers.get(stream, { deliver_policy: DeliverPolicy.LastPerSubject, filter_subjects: 'agent.state.*' });
    const first = await consumer.info(true);
    if (first.num_pending === 0) return;
    const messages = await consumer.consume({ max_messages: 1000 });
    for await (const m of messages) {
      const e = eventInput(m.subject, m.data);
      if (e) this.learn(e.id, e.value, m.headers?.get(ACCOUNT_HEADER) || undefined);
      if (m.info.pending === 0) break;
    }
    messages.stop();
    void consumer.delete().catch(() => undefined);
    logger.debug({ agents: this.map.size }, 'agent owners loaded');
  }
}
