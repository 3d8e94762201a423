import { jetstream, jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { CHANNEL_FAMILIES, streamNameForFamily } from '@flywheel/contracts';
import type { NatsConnection } from '@flywheel/kit';
import { eventInput, type EventInput } from './domain/event-input.ts';

export type ReplayOutcome = { kind: 'done' } | { kind: 'reset'; oldestAvailable: number } | { kind: 'closed' };

export interface ReplayTarget {
  readonly closed: boolean;
  readonly overHighWater: boolean;
  drained(): Promise<void>;
}

/**
 * Reads one family stream from JetStream for a replay that the ring cannot serve: every message
 * in (from, to], in order, through a short-lived ordered consumer, pausing while the client's
 * send queue is over its cap. A gap at the start (retention removed events) is a reset.
 */
export class StreamReplay {
  private jsm?: JetStreamManager;

  constructor(private readonly nc: NatsConnection) {}

  async replay(
    fam: number,
    from: number,
    to: number,
    target: ReplayTarget,
    onEvent: (seq: number, input: EventInput | null) => void,
  ): Promise<ReplayOutcome> {
    const stream = streamNameForFamily(CHANNEL_FAMILIES[fam].name);
    this.jsm ??= await jetstreamManager(this.nc);
    const { state } = await this.jsm.streams.info(stream);
    if (from >= to) return { kind: 'done' };
    if (state.first_seq > from + 1 || from > state.last_seq) return { kind: 'reset', oldestAvailable: Math.max(0, state.first_seq - 1) };
    const consumer = await jetstream(this.nc).consumers.get(stream, { opt_start_seq: from + 1 });
    const messages = await consumer.consume({ max_messages: 1000 });
    try {
      for await (const m of messages) {
        if (m.seq > to) break;
        onEvent(m.seq, eventInput(m.subject, m.data));
        if (m.seq >= to || m.info.pending === 0) break;
        if (target.overHighWater) await target.drained();
        if (target.closed) return { kind: 'closed' };
      }
    } finally {
      messages.stop();
      void consumer.delete().catch(() => undefined);
    }
    return { kind: 'done' };
  }
}
