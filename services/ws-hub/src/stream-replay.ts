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

const IDLE_MS = 2000;

/**
 * Reads one family stream from JetStream for a replay that the ring cannot serve: every message
 * in (from, to], in order, through a short-lived ordered consumer, pausing while the client's
 * send queue is over its cap. A gap at the start (retention removed events) is a reset. With a
 * `subject` (a connection watching one concrete channel) only that subject is read.
 */
export class StreamReplay {
  private jsm?: JetStreamManager;

  constructor(private readonly nc: NatsConnection) {}

  async replay(fam: number, from: number, to: number, target: ReplayTarget, onEvent: (seq: number, input: EventInput | null) => void, subject?: string): Promise<ReplayOutcome> {
    const stream = streamNameForFamily(CHANNEL_FAMILIES[fam].name);
    this.jsm ??= await jetstreamManager(this.nc);
    const { state } = await this.jsm.streams.info(stream);
    if (from >= to) return { kind: 'done' };
    if (state.first_seq > from + 1 || from > state.last_seq) return { kind: 'reset', oldestAvailable: Math.max(0, state.first_seq - 1) };
    if (subject && (await this.lastOf(stream, subject)) <= from) return { kind: 'done' };
    const consumer = await jetstream(this.nc).consumers.get(stream, { opt_start_seq: from + 1, ...(subject ? { filter_subjects: subject } : {}) });
    const messages = await consumer.consume({ max_messages: 1000 });
    let lastAt = Date.now();
    // Messages deleted after the checks above could leave nothing to read: do not wait forever.
    const idle = setInterval(() => Date.now() - lastAt > IDLE_MS && messages.stop(), IDLE_MS / 4);
    try {
      for await (const m of messages) {
        lastAt = Date.now();
        if (m.seq > to) break;
        onEvent(m.seq, eventInput(m.subject, m.data));
        if (m.seq >= to || m.info.pending === 0) break;
        if (target.overHighWater) await target.drained();
        lastAt = Date.now();
        if (target.closed) return { kind: 'closed' };
      }
    } finally {
      clearInterval(idle);
      messages.stop();
      void consumer.delete().catch(() => undefined);
    }
    return { kind: 'done' };
  }

  /** Sequence of the last message on `subject`, 0 when there is none. */
  private async lastOf(stream: string, subject: string): Promise<number> {
    const m = await this.jsm!.streams.getMessage(stream, { last_by_subj: subject }).catch(() => null);
    return m?.seq ?? 0;
  }
}
