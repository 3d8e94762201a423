/**
 * The kit's consumeDurable, in batches: messages already buffered by the pull consumer are handled
 * together (one SQLite transaction for the lot) and acked after it commits. The kit's version
 * awaits each message before the next, which caps ingest at one transaction per record.
 * Same guarantees: the durable consumer is ensured, a malformed message is terminated (never
 * retried forever), a failed batch is nak'ed for redelivery, and it survives broker restarts.
 */
import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager, type JsMsg } from '@nats-io/jetstream';
import type { z } from 'zod';
import { decode, type Logger, type NatsConnection } from '@flywheel/kit';

export interface BatchItem<T> {
  payload: T;
  redelivered: boolean;
}

export interface BatchConsumerOptions<P extends z.ZodType> {
  stream: string;
  durable: string;
  filterSubject: string;
  schema: P;
  logger: Logger;
  /** Must be idempotent; throwing naks the whole batch. */
  handler: (items: BatchItem<z.infer<P>>[]) => void;
  maxBatch: number;
  ackWaitMs: number;
}

export function consumeDurableBatches<P extends z.ZodType>(nc: NatsConnection, opts: BatchConsumerOptions<P>): { stop(): Promise<void> } {
  const log = opts.logger.child({ mod: 'batch-consumer', durable: opts.durable });
  let stopped = false;
  let current: { stop(): void } | undefined;
  const done = (async () => {
    let delay = 100;
    while (!stopped) {
      try {
        const messages = await open(nc, opts);
        current = messages;
        delay = 100;
        await drain(messages, opts, log);
      } catch (err) {
        if (stopped) break;
        log.warn({ err: (err as Error).message, retryInMs: delay }, 'consumer interrupted, reopening');
      }
      if (!stopped) await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(delay * 2, 2000);
    }
  })();
  return {
    async stop() {
      stopped = true;
      current?.stop();
      await done;
    },
  };
}

async function open<P extends z.ZodType>(nc: NatsConnection, opts: BatchConsumerOptions<P>) {
  const jsm = await jetstreamManager(nc);
  try {
    await jsm.consumers.info(opts.stream, opts.durable);
  } catch {
    await jsm.consumers.add(opts.stream, {
      durable_name: opts.durable,
      filter_subject: opts.filterSubject,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      ack_wait: opts.ackWaitMs * 1_000_000,
      max_deliver: -1,
    });
  }
  const consumer = await jetstream(nc).consumers.get(opts.stream, opts.durable);
  return consumer.consume({ max_messages: opts.maxBatch * 2 });
}

/** Collects what arrives in one turn of the event loop (or maxBatch), then handles it. */
async function drain<P extends z.ZodType>(messages: AsyncIterable<JsMsg>, opts: BatchConsumerOptions<P>, log: Logger): Promise<void> {
  let batch: JsMsg[] = [];
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    const msgs = batch;
    batch = [];
    if (msgs.length) handleBatch(msgs, opts, log);
  };
  for await (const m of messages) {
    batch.push(m);
    if (batch.length >= opts.maxBatch) flush();
    else if (!scheduled) (scheduled = true), setImmediate(flush);
  }
  flush();
}

function handleBatch<P extends z.ZodType>(msgs: JsMsg[], opts: BatchConsumerOptions<P>, log: Logger): void {
  const good: JsMsg[] = [];
  const items: BatchItem<z.infer<P>>[] = [];
  for (const m of msgs) {
    const parsed = opts.schema.safeParse(decode(m.data));
    if (parsed.success) (good.push(m), items.push({ payload: parsed.data, redelivered: m.redelivered }));
    else {
      log.warn({ subject: m.subject, seq: m.seq, issues: parsed.error.issues.slice(0, 3) }, 'terminated malformed message');
      m.term();
    }
  }
  try {
    if (items.length) opts.handler(items);
    for (const m of good) m.ack();
  } catch (err) {
    log.error({ err, messages: good.length }, 'batch failed, will redeliver');
    for (const m of good) m.nak(1000);
  }
}
