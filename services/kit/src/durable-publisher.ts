import type { PubAck } from '@nats-io/jetstream';
import { createInbox, headers as natsHeaders, type Msg, type MsgHdrs, type NatsConnection, type Subscription } from '@nats-io/transport-node';
import type { z } from 'zod';
import { AppError, nsSubject, subjectFor, type EventDescriptor } from '@flywheel/contracts';
import type { Logger } from './logger.ts';
import { contextHeaders, type CallContext } from './rpc.ts';
import { encode } from './codec.ts';
import { namespaceOf } from './namespace.ts';

interface Pending {
  subject: string;
  data: Uint8Array;
  headers: MsgHdrs;
  resolve: (a: PubAck) => void;
  reject: (e: Error) => void;
}

/** One subject's queue: its head is in flight (or waiting to be retried) until acked. */
interface Lane {
  key: string;
  items: Pending[];
  token?: string;
  sentAt: number;
  delay: number;
  retry?: NodeJS.Timeout;
}

export interface DurablePublisherOptions {
  logger: Logger;
  /** Most messages held (in flight or waiting) before publish() refuses with UNAVAILABLE. */
  maxPending?: number;
  /** Per-attempt ack timeout, ms. */
  ackTimeoutMs?: number;
}

/**
 * JetStream publish with a Nats-Msg-Id, retried with the same id until acked, so a broker
 * restart loses nothing and duplicates are dropped by the server. Messages of one subject
 * are sent one after another (order kept); different subjects go in parallel.
 *
 * Acks come back on one inbox subscription of this publisher rather than through a request per
 * message (nats.js makes an Error, a timer and a promise for each): a message answered by an ack
 * sends its subject's next one in the same turn, so a burst of acks goes out as one socket write.
 */
export class DurablePublisher {
  private readonly ns: string;
  private readonly lanes = new Map<string, Lane>();
  /** Lanes with a message in flight, by reply token, oldest send first (a re-send moves to the end). */
  private readonly inFlight = new Map<string, Lane>();
  private readonly inbox: string;
  private readonly sub: Subscription;
  private readonly sweep: NodeJS.Timeout;
  private readonly ready: Lane[] = [];
  private next = 0;
  private pending = 0;
  private stopped = false;
  private readonly log: Logger;
  private readonly maxPending: number;
  private readonly ackTimeoutMs: number;

  constructor(
    private readonly nc: NatsConnection,
    opts: DurablePublisherOptions,
  ) {
    this.ns = namespaceOf(nc);
    this.log = opts.logger.child({ mod: 'durable-pub' });
    this.maxPending = opts.maxPending ?? 100_000;
    this.ackTimeoutMs = opts.ackTimeoutMs ?? 5000;
    this.inbox = `${createInbox()}.`;
    this.sub = nc.subscribe(`${this.inbox}*`, { callback: (err, msg) => void (err || this.onReply(msg)) });
    this.sweep = setInterval(() => this.expire(), Math.max(10, Math.min(250, this.ackTimeoutMs / 4)));
    this.sweep.unref();
  }

  get size(): number {
    return this.pending;
  }

  /** Parses the payload, then resolves once the stream has stored it. */
  publish<P extends z.ZodType>(event: EventDescriptor<P>, tokens: string[], payload: z.input<P>, msgId: string, ctx?: CallContext): Promise<PubAck> {
    const data = encode(event.payload.parse(payload));
    return this.publishRaw(subjectFor(event.subject, ...tokens), data, msgId, ctx);
  }

  /** Whether a publish now would be taken (not stopped, queue not full): a caller may decide before it publishes. */
  accepts(): boolean {
    return !this.stopped && this.pending < this.maxPending;
  }

  /** An already encoded payload on an (unprefixed) subject; the namespace is added here. */
  publishRaw(subject: string, data: Uint8Array, msgId: string, ctx?: CallContext): Promise<PubAck> {
    if (this.stopped) return Promise.reject(new AppError('UNAVAILABLE', 'publisher stopped'));
    if (this.pending >= this.maxPending) return Promise.reject(new AppError('UNAVAILABLE', 'durable publish queue full'));
    return new Promise<PubAck>((resolve, reject) => {
      const headers = contextHeaders(ctx) ?? natsHeaders();
      headers.set('Nats-Msg-Id', msgId);
      const item: Pending = { subject: nsSubject(this.ns, subject), data, headers, resolve, reject };
      this.pending++;
      const lane = this.lanes.get(subject);
      if (lane) lane.items.push(item);
      else {
        const fresh: Lane = { key: subject, items: [item], sentAt: 0, delay: 50 };
        this.lanes.set(subject, fresh);
        this.send(fresh);
      }
    });
  }

  private send(lane: Lane): void {
    const item = lane.items[0];
    const token = String(this.next++);
    lane.token = token;
    lane.sentAt = performance.now();
    this.inFlight.set(token, lane);
    try {
      this.nc.publish(item.subject, item.data, { reply: this.inbox + token, headers: item.headers });
    } catch (err) {
      this.failed(lane, err as Error);
    }
  }

  private onReply(msg: Msg): void {
    const lane = this.inFlight.get(msg.subject.slice(this.inbox.length));
    if (!lane) return; // a late answer to an attempt already given up on
    if (msg.headers?.hasError) return this.failed(lane, new Error(`${msg.headers.code} ${msg.headers.description}`));
    let ack: (PubAck & { error?: { description?: string } }) | undefined;
    try {
      ack = msg.json();
    } catch {
      ack = undefined;
    }
    if (!ack?.stream || ack.error) return this.failed(lane, new Error(ack?.error?.description ?? 'invalid ack response'));
    this.inFlight.delete(lane.token!);
    lane.token = undefined;
    lane.delay = 50;
    this.pending--;
    lane.items.shift()!.resolve({ ...ack, duplicate: ack.duplicate ?? false });
    if (lane.items.length === 0) return void this.lanes.delete(lane.key);
    // Acks read in one turn send their subjects' next messages together at its end: one socket write, not one per read.
    this.ready.push(lane);
    if (this.ready.length === 1) setImmediate(this.sendReady);
  }

  private readonly sendReady = (): void => {
    const lanes = this.ready.splice(0);
    for (const lane of lanes) if (!this.stopped) this.send(lane);
  };

  /** Gives up on attempts unanswered for ackTimeoutMs (they are retried with the same msg id). */
  private expire(): void {
    const before = performance.now() - this.ackTimeoutMs;
    for (const lane of this.inFlight.values()) {
      if (lane.sentAt > before) break;
      this.failed(lane, new Error('ack timeout'));
    }
  }

  private failed(lane: Lane, err: Error): void {
    if (lane.token !== undefined) this.inFlight.delete(lane.token);
    lane.token = undefined;
    this.log.warn({ subject: lane.items[0].subject, err: err.message }, 'publish not acked, retrying');
    lane.retry = setTimeout(() => {
      lane.retry = undefined;
      if (this.stopped) return this.abandon(lane);
      this.send(lane);
    }, lane.delay);
    lane.delay = Math.min(lane.delay * 2, 1000);
  }

  private abandon(lane: Lane): void {
    for (const item of lane.items) item.reject(new AppError('UNAVAILABLE', 'publisher stopped before ack'));
    this.pending -= lane.items.length;
    this.lanes.delete(lane.key);
  }

  /** Waits (up to timeoutMs) for everything queued to be acked, then stops retrying. */
  async close(timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.pending > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    this.stopped = true;
    clearInterval(this.sweep);
    for (const lane of [...this.lanes.values()]) {
      if (lane.retry) clearTimeout(lane.retry);
      if (lane.token !== undefined) this.inFlight.delete(lane.token);
      this.abandon(lane);
    }
    this.sub.unsubscribe();
  }
}
