import { ACCOUNT_HEADER, CHANNEL_FAMILIES, streamNameForFamily } from '@flywheel/contracts';
import { readStream, streamBounds, type Logger, type NatsConnection, type StreamMessages } from '@flywheel/kit';
import { eventInput, type EventInput } from '../domain/event-input.ts';
import { watchStall } from './stall-watch.ts';

export interface IngestSink {
  /** Called in stream order per family; `input` is null for a message the hub does not relay. */
  onMessage(fam: number, seq: number, input: EventInput | null, accountHeader: string | undefined): void;
}

/** The last sequence of every family stream right now: where live ingest starts. */
export async function streamHeads(nc: NatsConnection): Promise<number[]> {
  return Promise.all(CHANNEL_FAMILIES.map(async (f) => (await streamBounds(nc, streamNameForFamily(f.name))).lastSeq));
}

/** How often an idle family read checks that it has not stalled. */
const STALL_CHECK_MS = 2000;

/**
 * One ordered consumer per family stream for this hub instance (never per client): every message after `from[f]`, in
 * order, each once. The client library recreates the consumer on a gap or a broker restart from the last sequence it
 * delivered; the hub keeps its own position too: a message at or before it is not relayed again, and a read that
 * stalls (its consumer's node died and the library's recovery waits without end) is closed and opened again from it.
 */
export function startIngest(nc: NatsConnection, from: number[], sink: IngestSink, logger: Logger): { stop(): Promise<void>; healthy(): boolean } {
  const log = logger.child({ mod: 'ingest' });
  let stopped = false;
  const running = new Set<StreamMessages>();
  const failing = new Set<number>();
  const loops = CHANNEL_FAMILIES.map(async (f, fam) => {
    const stream = streamNameForFamily(f.name);
    let next = from[fam] + 1;
    while (!stopped) {
      try {
        const consumer = await readStream(nc, stream, { seq: next });
        const messages = await consumer.consume({
          maxMessages: 1000,
          callback: (m) => {
            if (m.seq < next) return;
            next = m.seq + 1;
            const account = m.headers?.get(ACCOUNT_HEADER) || undefined;
            sink.onMessage(fam, m.seq, eventInput(m.subject, m.data, account), account);
          },
        });
        running.add(messages);
        failing.delete(fam);
        if (stopped) messages.stop();
        const stalled = () => {
          log.warn({ family: f.name, next }, 'ingest stalled with messages waiting; reading again from its position');
          messages.stop();
        };
        const watch = watchStall(nc, stream, () => next, stalled, STALL_CHECK_MS);
        await messages.closed().finally(() => watch.stop());
        running.delete(messages);
        void consumer.delete().catch(() => undefined);
      } catch (err) {
        failing.add(fam);
        if (!stopped) log.warn({ family: f.name, err: (err as Error).message }, 'ingest interrupted, resuming');
      }
      if (!stopped) await new Promise((r) => setTimeout(r, 250));
    }
  });
  return {
    healthy: () => failing.size === 0,
    async stop() {
      stopped = true;
      for (const m of running) m.stop();
      await Promise.allSettled(loops);
    },
  };
}
