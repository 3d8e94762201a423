import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager, type ConsumerConfig, type ConsumerMessages, type JsMsg } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { z } from 'zod';
import type { Logger } from './logger.ts';
import { decode } from './codec.ts';
import type { CallContext } from './rpc.ts';
import { localSubject, wireStream, wireSubject } from './namespace.ts';

export interface DurableMeta extends CallContext {
  subject: string;
  streamSeq: number;
  redelivered: boolean;
  msgId?: string;
}

/**
 * What identifies a durable consumer and how its messages are parsed. `stream` (a StreamSpec name) and
 * `filterSubject` are unprefixed: the kit reads them in the connection's namespace. The durable name
 * needs no prefix: a consumer lives inside its (namespaced) stream.
 */
export interface DurableSource<P extends z.ZodType> {
  stream: string;
  durable: string;
  filterSubject: string;
  schema: P;
  logger: Logger;
  ackWaitMs?: number;
  /** A new consumer starts at the next message instead of the stream's first (it resumes from its acks thereafter). */
  deliverNew?: boolean;
  /** The server removes the consumer after this long without a client (one named per instance that went away). */
  inactiveThresholdMs?: number;
}

export interface DurableConsumerOptions<P extends z.ZodType> extends DurableSource<P> {
  /** Must be idempotent: a message may be delivered again after a crash before its ack. */
  handler: (payload: z.infer<P>, meta: DurableMeta) => Promise<void> | void;
  maxMessages?: number;
  /**
   * Whether the handler has anything to do with a message, judged on its decoded payload before the schema
   * parses it (so it must expect any shape). One it does not want is acked unparsed, with others in one write
   * at most `SKIPPED_ACK_MS` later: a consumer of a busy stream that ignores most of it (the guard's allows)
   * neither parses nor acks each one on its own. Redelivered after a crash within that delay: still ignored.
   */
  wants?: (raw: unknown) => boolean;
}

export interface DurableConsumer {
  stop(): Promise<void>;
}

/**
 * Keeps a durable pull consumer open across broker restarts: ensures it, hands its message
 * stream to `drain`, and reopens with backoff when the stream ends or fails.
 */
export function runDurableLoop<P extends z.ZodType>(
  nc: NatsConnection,
  src: DurableSource<P>,
  maxMessages: number,
  drain: (messages: ConsumerMessages, log: Logger) => Promise<void>,
): DurableConsumer {
  const log = src.logger.child({ mod: 'durable-consumer', durable: src.durable });
  let stopped = false;
  let current: { stop(): void } | undefined;
  const done = (async () => {
    let delay = 100;
    while (!stopped) {
      try {
        const messages = await openConsumer(nc, src, maxMessages);
        // stop() may have been called while the consumer was being opened.
        if (stopped) {
          messages.stop();
          break;
        }
        current = messages;
        delay = 100;
        await drain(messages, log);
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

/**
 * A durable consumer handling one message at a time: parsed (a malformed one is terminated, never
 * retried forever), acked after the handler succeeds, nak'ed with a delay when it throws.
 */
export function consumeDurable<P extends z.ZodType>(nc: NatsConnection, opts: DurableConsumerOptions<P>): DurableConsumer {
  const { wants } = opts;
  return runDurableLoop(nc, opts, opts.maxMessages ?? 512, async (messages, log) => {
    const skipped = batchedAcks();
    try {
      for await (const m of messages) {
        const raw = decode(m.data);
        if (wants && !wanted(wants, raw)) skipped.add(m);
        else await handle(m, raw, localSubject(nc, m.subject), opts, log);
      }
    } finally {
      skipped.flush();
    }
  });
}

/** A filter that throws leaves the message to the schema and the handler (never a loop of redeliveries). */
function wanted(wants: (raw: unknown) => boolean, raw: unknown): boolean {
  try {
    return wants(raw);
  } catch {
    return true;
  }
}

/** How long an unwanted message's ack may wait for others (far below any ack wait). */
export const SKIPPED_ACK_MS = 50;
/** Acks held at most: sent at once beyond that, well before the server's max_ack_pending (1,000) stops delivery. */
const SKIPPED_ACK_MAX = 256;

/** Acks collected and sent together: nats.js writes the publishes of one turn to the socket at once. */
function batchedAcks() {
  let held: JsMsg[] = [];
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    const due = held;
    held = [];
    for (const m of due) m.ack();
  };
  return {
    add(m: JsMsg) {
      held.push(m);
      if (held.length >= SKIPPED_ACK_MAX) flush();
      else timer ??= setTimeout(flush, SKIPPED_ACK_MS);
    },
    flush,
  };
}

async function openConsumer<P extends z.ZodType>(nc: NatsConnection, src: DurableSource<P>, maxMessages: number) {
  const jsm = await jetstreamManager(nc);
  const stream = wireStream(nc, src.stream);
  const cfg: Partial<ConsumerConfig> = {
    durable_name: src.durable,
    filter_subject: wireSubject(nc, src.filterSubject),
    ack_policy: AckPolicy.Explicit,
    deliver_policy: src.deliverNew ? DeliverPolicy.New : DeliverPolicy.All,
    ack_wait: (src.ackWaitMs ?? 30_000) * 1_000_000,
    max_deliver: -1,
    ...(src.inactiveThresholdMs ? { inactive_threshold: src.inactiveThresholdMs * 1_000_000 } : {}),
  };
  const existing = await jsm.consumers.info(stream, src.durable).catch(() => undefined);
  // One made before its subjects carried the namespace matches nothing any more: start it afresh.
  const stale = existing !== undefined && existing.config.filter_subject !== cfg.filter_subject;
  if (stale) await jsm.consumers.delete(stream, src.durable);
  if (!existing || stale) await jsm.consumers.add(stream, cfg);
  const consumer = await jetstream(nc).consumers.get(stream, src.durable);
  return consumer.consume({ max_messages: maxMessages });
}

/** Parses a message with the source's schema; terminates (and returns undefined for) a malformed one. */
export function parseOrTerm<P extends z.ZodType>(m: JsMsg, schema: P, log: Logger, raw: unknown = decode(m.data)): z.infer<P> | undefined {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  log.warn({ subject: m.subject, seq: m.seq, issues: parsed.error.issues.slice(0, 3) }, 'terminated malformed message');
  m.term();
  return undefined;
}

async function handle<P extends z.ZodType>(m: JsMsg, raw: unknown, subject: string, opts: DurableConsumerOptions<P>, log: Logger): Promise<void> {
  const payload = parseOrTerm(m, opts.schema, log, raw);
  if (payload === undefined) return;
  const h = m.headers;
  try {
    await opts.handler(payload, {
      requestId: h?.get('x-request-id') || undefined,
      accountId: h?.get('x-account-id') || undefined,
      subject,
      streamSeq: m.seq,
      redelivered: m.redelivered,
      msgId: h?.get('Nats-Msg-Id') || undefined,
    });
    m.ack();
  } catch (err) {
    log.error({ err, subject: m.subject, seq: m.seq }, 'handler failed, will redeliver');
    m.nak(1000);
  }
}
