import { ACCOUNT_HEADER, CHANNEL_FAMILIES, streamNameForFamily } from '@flywheel/contracts';
import { lastSeqOn, readStream, streamBounds, type NatsConnection } from '@flywheel/kit';
import { eventInput, type EventInput } from '../domain/event-input.ts';

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
  constructor(private readonly nc: NatsConnection) {}

  async replay(
    fam: number,
    from: number,
    to: number,
    target: ReplayTarget,
    onEvent: (seq: number, input: EventInput | null) => void,
    subject?: string,
  ): Promise<ReplayOutcome> {
    const stream = streamNameForFamily(CHANNEL_FAMILIES[fam].name);
    const { firstSeq, lastSeq } = await streamBounds(this.nc, stream);
    if (from >= to) return { kind: 'done' };
    if (firstSeq > from + 1 || from > lastSeq) return { kind: 'reset', oldestAvailable: Math.max(0, firstSeq - 1) };
    if (subject && (await lastSeqOn(this.nc, stream, subject)) <= from) return { kind: 'done' };
    const consumer = await readStream(this.nc, stream, { seq: from + 1, subject });
    const messages = await consumer.consume({ maxMessages: 1000 });
    let lastAt = Date.now();
    // Messages deleted after the checks above could leave nothing to read: do not wait forever.
    const idle = setInterval(() => Date.now() - lastAt > IDLE_MS && messages.stop(), IDLE_MS / 4);
    try {
      for await (const m of messages) {
        lastAt = Date.now();
        if (m.seq > to) break;
        onEvent(m.seq, eventInput(m.subject, m.data, m.headers?.get(ACCOUNT_HEADER) || undefined));
        if (m.seq >= to || m.pending === 0) break;
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
}
