import { ACCOUNT_HEADER, streamNameForFamily } from '@flywheel/contracts';
import { readStream, type Logger, type NatsConnection } from '@flywheel/kit';
import { eventInput } from '../domain/event-input.ts';
import { OwnerMap } from '../domain/owner-map.ts';

/**
 * The hub's agent → account map. At boot the last state event of every agent is read back from
 * the AGENT_STATE stream, so a fresh instance knows every agent still in retention.
 */
export class Owners extends OwnerMap {
  async load(nc: NatsConnection, logger: Logger): Promise<void> {
    const stream = streamNameForFamily('agent:state');
    const consumer = await readStream(nc, stream, { lastPerSubject: true, subject: 'agent.state.*' });
    if ((await consumer.pending()) === 0) return;
    const messages = await consumer.consume({ maxMessages: 1000 });
    for await (const m of messages) {
      const e = eventInput(m.subject, m.data);
      if (e) this.learn(e.id, e.value, m.headers?.get(ACCOUNT_HEADER) || undefined);
      if (m.pending === 0) break;
    }
    messages.stop();
    void consumer.delete().catch(() => undefined);
    logger.debug({ agents: this.map.size }, 'agent owners loaded');
  }
}
