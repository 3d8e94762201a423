import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager, type ConsumerConfig, type JsMsg } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { z } from 'zod';
import type { Logger } from './logger.ts';
import { decode } from './codec.ts';
import type { CallContext } from './rpc.ts';

export interface DurableMeta extends CallContext {
  subject: string;
  streamSeq: number;
  redelivered: boolean;
  msgId?: string;
}

export interface DurableConsumerOptions<P extends z.ZodType> {
  stream: string;
  durable: string;
  filterSubject: string;
  schema: P;
  logger: Logger;
  /** Must be idempotent: a message may be delivered again after a crash before its ack. */
  handler: (payload: z.infer<P>, meta: DurableMeta) => Promise<void> | void;
  maxMessages?: number;
  ackWaitMs?: number;
}

/**
 * A durable pull consumer that survives broker restarts: the consumer is ensured, messages are
 * parsed (a malformed one is terminated, never retried forever), acked after the handler succeeds,
 * and nak'ed with a delay when it throws.
 */
export function consumeDurable<P extends z.ZodType>(nc: NatsConnection, opts: DurableConsumerOptions<P>): { stop(): Promise<void> } {
  const log = opts.logger.child({ mod: 'durable-consumer', durable: opts.durable });
  let stopped = false;
  let current: { stop(): void } | undefined;
  const done = (async () => {
    let delay = 100;
    while (!stopped) {
      try {
        const messages = await openConsumer(nc, opts);
        current = messages;
        delay = 100;
        for await (const m of messages) await handle(m, opts, log);
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

async function openConsumer<P extends z.ZodType>(nc: NatsConnection, opts: DurableConsumerOptions<P>) {
  const jsm = await jetstreamManager(nc);
  const cfg: Partial<ConsumerConfig> = {
    durable_name: opts.durable,
    filter_subject: opts.filterSubject,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    ack_wait: (opts.ackWaitMs ?? 30_000) * 1_000_000,
    max_deliver: -1,
  };
  try {
    await jsm.consumers.info(opts.stream, opts.durable);
  } catch {
    await jsm.consumers.add(opts.stream, cfg);
  }
  const consumer = await jetstream(nc).consumers.get(opts.stream, opts.durable);
  return consumer.consume({ max_messages: opts.maxMessages ?? 512 });
}

async function handle<P extends z.ZodType>(m: JsMsg, opts: DurableConsumerOptions<P>, log: Logger): Promise<void> {
  const parsed = opts.schema.safeParse(decode(m.data));
  if (!parsed.success) {
    log.warn({ subject: m.subject, seq: m.seq, issues: parsed.error.issues.slice(0, 3) }, 'terminated malformed message');
    m.term();
    return;
  }
  const ctx = m.headers ? { requestId: m.headers.get('x-request-id') || undefined, accountId: m.headers.get('x-account-id') || undefined } : {};
  try {
    await opts.handler(parsed.data, {
      ...ctx,
      subject: m.subject,
      streamSeq: m.seq,
      redelivered: m.redelivered,
      msgId: m.headers?.get('Nats-Msg-Id') || undefined,
    });
    m.ack();
  } catch (err) {
    log.error({ err, subject: m.subject, seq: m.seq }, 'handler failed, will redeliver');
    m.nak(1000);
  }
}
