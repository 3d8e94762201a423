import { jetstream, type JetStreamClient, type PubAck } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { z } from 'zod';
import { AppError, nsSubject, subjectFor, type EventDescriptor } from '@flywheel/contracts';
import type { Logger } from './logger.ts';
import { contextHeaders, type CallContext } from './rpc.ts';
import { encode } from './codec.ts';
import { namespaceOf } from './namespace.ts';

interface Pending {
  subject: string;
  data: Uint8Array;
  msgId: string;
  ctx?: CallContext;
  resolve: (a: PubAck) => void;
  reject: (e: Error) => void;
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
 */
export class DurablePublisher {
  private readonly js: JetStreamClient;
  private readonly ns: string;
  private readonly queues = new Map<string, Pending[]>();
  private pending = 0;
  private stopped = false;
  private readonly log: Logger;
  private readonly maxPending: number;
  private readonly ackTimeoutMs: number;

  constructor(nc: NatsConnection, opts: DurablePublisherOptions) {
    this.js = jetstream(nc);
    this.ns = namespaceOf(nc);
    this.log = opts.logger.child({ mod: 'durable-pub' });
    this.maxPending = opts.maxPending ?? 100_000;
    this.ackTimeoutMs = opts.ackTimeoutMs ?? 5000;
  }

  get size(): number {
    return this.pending;
  }

  /** Parses the payload, then resolves once the stream has stored it. */
  publish<P extends z.ZodType>(event: EventDescriptor<P>, tokens: string[], payload: z.input<P>, msgId: string, ctx?: CallContext): Promise<PubAck> {
    const data = encode(event.payload.parse(payload));
    return this.publishRaw(subjectFor(event.subject, ...tokens), data, msgId, ctx);
  }

  /** An already encoded payload on an (unprefixed) subject; the namespace is added here. */
  publishRaw(subject: string, data: Uint8Array, msgId: string, ctx?: CallContext): Promise<PubAck> {
    if (this.stopped) return Promise.reject(new AppError('UNAVAILABLE', 'publisher stopped'));
    if (this.pending >= this.maxPending) return Promise.reject(new AppError('UNAVAILABLE', 'durable publish queue full'));
    return new Promise<PubAck>((resolve, reject) => {
      const item: Pending = { subject: nsSubject(this.ns, subject), data, msgId, ctx, resolve, reject };
      this.pending++;
      const q = this.queues.get(subject);
      if (q) q.push(item);
      else {
        this.queues.set(subject, [item]);
        void this.drain(subject);
      }
    });
  }

  private async drain(subject: string): Promise<void> {
    const q = this.queues.get(subject)!;
    while (q.length > 0) {
      const item = q[0];
      const ack = await this.sendUntilAcked(item);
      q.shift();
      this.pending--;
      if (ack) item.resolve(ack);
      else item.reject(new AppError('UNAVAILABLE', 'publisher stopped before ack'));
    }
    this.queues.delete(subject);
  }

  private async sendUntilAcked(item: Pending): Promise<PubAck | null> {
    let delay = 50;
    while (!this.stopped) {
      try {
        return await this.js.publish(item.subject, item.data, {
          msgID: item.msgId,
          timeout: this.ackTimeoutMs,
          headers: contextHeaders(item.ctx),
        });
      } catch (err) {
        this.log.warn({ subject: item.subject, msgId: item.msgId, err: (err as Error).message }, 'publish not acked, retrying');
        await new Promise((r) => setTimeout(r, delay));
        delay = Math.min(delay * 2, 1000);
      }
    }
    return null;
  }

  /** Waits (up to timeoutMs) for everything queued to be acked, then stops retrying. */
  async close(timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.pending > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    this.stopped = true;
  }
}
