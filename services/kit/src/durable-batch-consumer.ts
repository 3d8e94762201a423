import type { JsMsg } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { z } from 'zod';
import type { Logger } from './logger.ts';
import { parseOrTerm, runDurableLoop, type DurableConsumer, type DurableSource } from './durable-consumer.ts';

export interface BatchItem<T> {
  payload: T;
  redelivered: boolean;
}

export interface BatchConsumerOptions<P extends z.ZodType> extends DurableSource<P> {
  /** Synchronous and idempotent (e.g. one SQLite transaction for the lot); throwing naks the whole batch. */
  handler: (items: BatchItem<z.infer<P>>[]) => void;
  maxBatch: number;
}

/**
 * consumeDurable in batches: messages already buffered by the pull consumer are handled together
 * and acked after the handler returns. One transaction per batch instead of one per message is what
 * lets usage ingest pass 20k records/s (docs/cost.md).
 */
export function consumeDurableBatches<P extends z.ZodType>(nc: NatsConnection, opts: BatchConsumerOptions<P>): DurableConsumer {
  return runDurableLoop(nc, opts, opts.maxBatch * 2, async (messages, log) => {
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
      else if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    }
    flush();
  });
}

function handleBatch<P extends z.ZodType>(msgs: JsMsg[], opts: BatchConsumerOptions<P>, log: Logger): void {
  const good: JsMsg[] = [];
  const items: BatchItem<z.infer<P>>[] = [];
  for (const m of msgs) {
    const payload = parseOrTerm(m, opts.schema, log);
    if (payload === undefined) continue;
    good.push(m);
    items.push({ payload, redelivered: m.redelivered });
  }
  try {
    if (items.length) opts.handler(items);
    for (const m of good) m.ack();
  } catch (err) {
    log.error({ err, messages: good.length }, 'batch failed, will redeliver');
    for (const m of good) m.nak(1000);
  }
}
