import {
  DeliverPolicy,
  jetstream,
  jetstreamManager,
  type Consumer,
  type ConsumerMessages,
  type JetStreamManager,
  type JsMsg,
  type OrderedConsumerOptions,
} from '@nats-io/jetstream';
import type { MsgHdrs, NatsConnection } from '@nats-io/transport-node';
import { localSubject, wireStream, wireSubject } from './namespace.ts';

/** One stream message as readers see it: the subject without the namespace. */
export interface StreamMessage {
  readonly subject: string;
  readonly seq: number;
  readonly data: Uint8Array;
  readonly headers?: MsgHdrs;
  /** Messages left after this one when it was delivered. */
  readonly pending: number;
}

/** Where an ordered read starts; `subject` (unprefixed, wildcards allowed) narrows it. */
export interface ReadFrom {
  seq?: number;
  time?: Date;
  /** Only the last message of every subject. */
  lastPerSubject?: boolean;
  subject?: string;
}

export interface StreamMessages extends AsyncIterable<StreamMessage> {
  stop(): void;
  closed(): Promise<unknown>;
}

/** An ordered, ephemeral consumer on one of this deployment's streams (stream and subjects unprefixed). */
export interface StreamReader {
  /** Messages to read when it opened. */
  pending(): Promise<number>;
  /** Pulls continuously; with `callback` every message goes there instead of the iterator. */
  consume(opts: { maxMessages: number; callback?: (m: StreamMessage) => void }): Promise<StreamMessages>;
  /** One message, or null when none arrives within `expiresMs`. */
  next(expiresMs: number): Promise<StreamMessage | null>;
  /** Removes the consumer from the server now rather than after its inactivity threshold. */
  delete(): Promise<void>;
}

class View implements StreamMessage {
  constructor(
    private readonly m: JsMsg,
    readonly subject: string,
  ) {}
  get seq() {
    return this.m.seq;
  }
  get data() {
    return this.m.data;
  }
  get headers() {
    return this.m.headers;
  }
  get pending() {
    return this.m.info.pending;
  }
}

function consumerOptions(nc: NatsConnection, from: ReadFrom): Partial<OrderedConsumerOptions> {
  const o: Partial<OrderedConsumerOptions> = {};
  if (from.seq !== undefined) o.opt_start_seq = from.seq;
  if (from.time) {
    o.deliver_policy = DeliverPolicy.StartTime;
    o.opt_start_time = from.time.toISOString();
  }
  if (from.lastPerSubject) o.deliver_policy = DeliverPolicy.LastPerSubject;
  if (from.subject) o.filter_subjects = wireSubject(nc, from.subject);
  return o;
}

function reader(nc: NatsConnection, consumer: Consumer): StreamReader {
  const view = (m: JsMsg) => new View(m, localSubject(nc, m.subject));
  return {
    pending: async () => (await consumer.info(true)).num_pending,
    async consume({ maxMessages, callback }) {
      const messages: ConsumerMessages = await consumer.consume({
        max_messages: maxMessages,
        ...(callback ? { callback: (m: JsMsg) => callback(view(m)) } : {}),
      });
      return {
        stop: () => messages.stop(),
        closed: () => messages.closed(),
        async *[Symbol.asyncIterator]() {
          for await (const m of messages) yield view(m);
        },
      };
    },
    async next(expiresMs) {
      const m = await consumer.next({ expires: expiresMs });
      return m ? view(m) : null;
    },
    delete: async () => void (await consumer.delete()),
  };
}

/** Opens an ordered read of a stream in this connection's namespace, e.g. `readStream(nc, 'AGENT_OUTPUT', {seq: 42})`. */
export async function readStream(nc: NatsConnection, stream: string, from: ReadFrom = {}): Promise<StreamReader> {
  return reader(nc, await jetstream(nc).consumers.get(wireStream(nc, stream), consumerOptions(nc, from)));
}

// Creating a manager costs a round trip (its API check): one per connection.
const managers = new WeakMap<NatsConnection, Promise<JetStreamManager>>();

function manager(nc: NatsConnection): Promise<JetStreamManager> {
  let m = managers.get(nc);
  if (!m) {
    m = jetstreamManager(nc);
    m.catch(() => managers.delete(nc));
    managers.set(nc, m);
  }
  return m;
}

/** First and last sequence a stream holds now. */
export async function streamBounds(nc: NatsConnection, stream: string): Promise<{ firstSeq: number; lastSeq: number }> {
  const { state } = await (await manager(nc)).streams.info(wireStream(nc, stream));
  return { firstSeq: state.first_seq, lastSeq: state.last_seq };
}

/** Sequence of the last message on an (unprefixed) subject; 0 when there is none (or it cannot be read). */
export async function lastSeqOn(nc: NatsConnection, stream: string, subject: string): Promise<number> {
  const m = await (await manager(nc)).streams.getMessage(wireStream(nc, stream), { last_by_subj: wireSubject(nc, subject) }).catch(() => null);
  return m?.seq ?? 0;
}
