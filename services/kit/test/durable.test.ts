import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineEvent, type StreamSpec } from '@flywheel/contracts';
import { connectNats, consumeDurable, DurablePublisher, ensureStreams, wireStream, wireSubject, type NatsConnection } from '../src/index.ts';
import { startNats, testLogger, type TestNats } from '../src/testing/index.ts';

const spec: StreamSpec = { name: 'T_DURABLE', subjects: ['tdur.*'], maxAgeS: 3600, maxPerSubject: -1, duplicateWindowS: 120 };
const tick = defineEvent({ subject: 'tdur.*', payload: z.object({ i: z.number().int() }), durable: true });
const lateTick = defineEvent({ subject: 'tlate.*', payload: z.object({ i: z.number().int() }), durable: true });

describe('durable publish and consume across a broker kill -9', () => {
  let nats: TestNats;
  let nc: NatsConnection;
  const logger = testLogger();

  beforeAll(async () => {
    nats = await startNats();
    nc = await connectNats({ url: nats.url, name: 'durable-test', logger });
    await ensureStreams(nc, [spec], logger);
    await ensureStreams(nc, [spec], logger); // idempotent
  });
  afterAll(async () => {
    await nc.close();
    await nats.stop();
  });

  it('loses nothing, duplicates nothing and keeps each subject’s order when the broker dies mid-stream', async () => {
    const pub = new DurablePublisher(nc, { logger, ackTimeoutMs: 1000 });
    const seen = new Map<number, number>();
    const consumer = consumeDurable(nc, {
      stream: spec.name,
      durable: 'test-consumer',
      filterSubject: 'tdur.*',
      schema: tick.payload,
      logger,
      handler: (p) => void seen.set(p.i, (seen.get(p.i) ?? 0) + 1),
    });
    const total = 2000;
    const acks: Promise<unknown>[] = [];
    for (let i = 0; i < total; i++) {
      acks.push(pub.publish(tick, [`s${i % 4}`], { i }, `msg-${i}`));
      if (i === 700) await nats.kill();
      if (i === 1400) await nats.restart();
    }
    await Promise.all(acks);
    await new Promise<void>((resolve) => {
      const t = setInterval(() => seen.size === total && (clearInterval(t), resolve()), 20);
    });
    expect(seen.size).toBe(total);
    // Redelivery after a crash is allowed; the publisher must not have stored anything twice.
    const info = await (await import('@nats-io/jetstream')).jetstreamManager(nc).then((m) => m.streams.info(wireStream(nc, spec.name)));
    expect(info.state.messages).toBe(total);
    // Each subject's messages are stored in the order they were published, the crash notwithstanding.
    const jsm = await (await import('@nats-io/jetstream')).jetstreamManager(nc);
    const last = new Map<string, number>();
    let outOfOrder = 0;
    for (let seq = info.state.first_seq; seq <= info.state.last_seq; seq++) {
      const m = (await jsm.streams.getMessage(wireStream(nc, spec.name), { seq }))!;
      const { i } = m.json<{ i: number }>();
      if (i < (last.get(m.subject) ?? -1)) outOfOrder++;
      last.set(m.subject, i);
    }
    expect(outOfOrder).toBe(0);
    await consumer.stop();
    await pub.close();
  });

  it('terminates a malformed message instead of retrying it forever', async () => {
    const got: number[] = [];
    nc.publish(wireSubject(nc, 'tdur.bad'), new TextEncoder().encode('{"i":"nope"}'));
    const pub = new DurablePublisher(nc, { logger });
    await pub.publish(tick, ['bad'], { i: 7 }, 'good-7');
    const consumer = consumeDurable(nc, {
      stream: spec.name,
      durable: 'malformed-consumer',
      filterSubject: 'tdur.bad',
      schema: tick.payload,
      logger,
      handler: (p) => void got.push(p.i),
    });
    await new Promise<void>((resolve) => {
      const t = setInterval(() => got.length > 0 && (clearInterval(t), resolve()), 20);
    });
    expect(got).toEqual([7]);
    await consumer.stop();
    await pub.close();
  });

  it('hands the handler only what it wants, and acks the rest unparsed', async () => {
    const pub = new DurablePublisher(nc, { logger });
    for (let i = 0; i <= 10; i++) await pub.publish(tick, ['want'], { i }, `want-${i}`);
    const got: number[] = [];
    let last!: () => void;
    const sawLast = new Promise<void>((r) => (last = r));
    const consumer = consumeDurable(nc, {
      stream: spec.name,
      durable: 'wants-consumer',
      filterSubject: 'tdur.want',
      schema: tick.payload,
      logger,
      // A filter that throws leaves the message to the handler.
      wants: (raw) => {
        const { i } = raw as { i: number };
        if (i === 5) throw new Error('cannot tell');
        return i % 2 === 0;
      },
      handler: (p) => {
        got.push(p.i);
        if (p.i === 10) last();
      },
    });
    await sawLast;
    // Stopping sends the acks still held for the skipped ones: nothing is left pending or to redeliver.
    await consumer.stop();
    expect(got).toEqual([0, 2, 4, 5, 6, 8, 10]);
    const jsm = await (await import('@nats-io/jetstream')).jetstreamManager(nc);
    await nc.flush();
    const info = await jsm.consumers.info(wireStream(nc, spec.name), 'wants-consumer');
    expect({ pending: info.num_pending, unacked: info.num_ack_pending, acked: info.ack_floor.stream_seq }).toEqual({
      pending: 0,
      unacked: 0,
      acked: info.delivered.stream_seq,
    });
    await pub.close();
  });
});

describe('a durable publish that nothing takes yet', () => {
  it('is retried with its msg id until a stream takes it, then stored once and resolved in order', async () => {
    const nats = await startNats();
    const nc = await connectNats({ url: nats.url, name: 'late-stream', logger: testLogger() });
    let refused!: () => void;
    const firstRefusal = new Promise<void>((resolve) => (refused = resolve));
    // The publisher's own warning is how the test knows the first attempt was refused (no stream: no responders).
    const logger = pino({ level: 'warn' }, { write: (line: string) => void (line.includes('publish not acked') && refused()) });
    const pub = new DurablePublisher(nc, { logger, ackTimeoutMs: 1000 });
    const late: StreamSpec = { name: 'T_LATE', subjects: ['tlate.*'], maxAgeS: 3600, maxPerSubject: -1, duplicateWindowS: 120 };
    const order: number[] = [];
    const acks = [1, 2, 3].map((i) => pub.publish(lateTick, ['a'], { i }, `late-${i}`).then((a) => (order.push(i), a)));
    await firstRefusal;
    expect(pub.size).toBe(3);
    await ensureStreams(nc, [late], testLogger());
    const got = await Promise.all(acks);
    expect(order).toEqual([1, 2, 3]);
    expect(got.map((a) => a.seq)).toEqual([1, 2, 3]);
    expect(got.every((a) => a.stream === wireStream(nc, late.name) && !a.duplicate)).toBe(true);
    await pub.close();
    await nc.close();
    await nats.stop();
  });

  it('says whether it accepts a publish: not with its queue full, nor once stopped (those publishes are refused)', async () => {
    const nats = await startNats();
    const nc = await connectNats({ url: nats.url, name: 'full-queue', logger: testLogger() });
    const pub = new DurablePublisher(nc, { logger: testLogger(), ackTimeoutMs: 1000, maxPending: 2 });
    expect(pub.accepts()).toBe(true);
    // No stream takes tlate.* here, so both stay pending.
    const held = [1, 2].map((i) => pub.publish(lateTick, ['b'], { i }, `full-${i}`).catch((err: Error) => err.message));
    expect(pub.accepts()).toBe(false);
    await expect(pub.publish(lateTick, ['b'], { i: 3 }, 'full-3')).rejects.toThrow('queue full');
    await pub.close();
    expect(pub.accepts()).toBe(false);
    expect(await Promise.all(held)).toHaveLength(2);
    await nc.close();
    await nats.stop();
  });
});

describe('stopping a durable consumer', () => {
  it('returns even when called while the consumer is still being opened', async () => {
    const nats = await startNats();
    const logger = testLogger();
    const nc = await connectNats({ url: nats.url, name: 'stop-test', logger });
    await ensureStreams(nc, [spec], logger);
    const consumer = consumeDurable(nc, {
      stream: spec.name,
      durable: 'early-stop',
      filterSubject: 'tdur.*',
      schema: tick.payload,
      logger,
      handler: () => undefined,
    });
    await consumer.stop();
    await nc.close();
    await nats.stop();
  });
});
