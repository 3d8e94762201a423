import { ACCOUNT_HEADER, CHANNEL_FAMILIES, streamNameForFamily } from '@flywheel/contracts';
import { readStream, streamBounds, type Logger, type NatsConnection, type StreamMessages } from '@flywheel/kit';
import { eventInput, type EventInput } from '../domain/event-input.ts';

export interface IngestSink {
  /** Called in stream order per family; `input` is null for a message the hub does not relay. */
  onMessage(fam: number, seq: number, input: EventInput | null, accountHeader: string | undefined): void;
}

/** The last sequence of every family stream right now: where live ingest starts. */
export async function streamHeads(nc: NatsConnection): Promise<number[]> {
  return Promise.all(CHANNEL_FAMILIES.map(async (f) => (await streamBounds(nc, streamNameForFamily(f.name))).lastSeq));
}

/**
 * One ordered consumer per family stream for this hub instance (never per client): every message
 * after `from[f]`, in order, with no gap (the client library recreates the consumer on a gap or a
 * broker restart, from the last sequence it delivered).
 */
export function startIngest(nc: NatsConnection, from: number[], sink: IngestSink, logger: Logger): { stop(): Promise<void>; healthy(): boolean } {
  const log = logger.child({ mod: 'ingest' });
  let stopped = false;
  const running = new Set<StreamMessages>();
  const failing = new Set<number>();
  const loops = CHANNEL_FAMILIES.map(async (f, fam) => {
    let next = from[fam] + 1;
    while (!stopped) {
      try {
        const consumer = await readStream(nc, streamNameForFamily(f.name), { seq: next });
        const messages = await consumer.consume({
          maxMessages: 1000,
          callback: (m) => {
            next = m.seq + 1;
            const account = m.headers?.get(ACCOUNT_HEADER) || undefined;
            sink.onMessage(fam, m.seq, eventInput(m.subject, m.data, account), account);
          },
        });
        running.add(messages);
        failing.delete(fam);
        if (stopped) messages.stop();
        await messages.closed();
        running.delete(messages);
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
