import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { jetstreamManager } from '@nats-io/jetstream';
import { defineEvent, defineRpc, type StreamSpec } from '@flywheel/contracts';
import {
  connectNats,
  consumeDurable,
  DurablePublisher,
  ensureStreams,
  isNoResponders,
  namespaceOf,
  publish,
  readStream,
  request,
  serve,
  subscribe,
  type NatsConnection,
} from '../src/index.ts';
import { startNats, testLogger, type TestNats } from '../src/testing/index.ts';

const who = defineRpc({ subject: 'test.ns.who', request: z.object({}), reply: z.object({ ns: z.string(), subject: z.string() }), timeoutMs: 500 });
const note = defineEvent({ subject: 'tns.note.*', payload: z.object({ n: z.number() }), durable: true });
const spec: StreamSpec = { name: 'TNS_NOTE', subjects: ['tns.note.*'], maxAgeS: 3600, maxPerSubject: -1, duplicateWindowS: 60 };

describe('one namespace per connection', () => {
  let nats: TestNats;
  let a: NatsConnection;
  let b: NatsConnection;
  const logger = testLogger();

  beforeAll(async () => {
    nats = await startNats();
    a = await connectNats({ url: nats.url, name: 'ns-a', logger, namespace: 'a' });
    b = await connectNats({ url: nats.url, name: 'ns-b', logger, namespace: 'b' });
    for (const nc of [a, b]) await ensureStreams(nc, [spec], logger);
  });
  afterAll(async () => {
    await a.close();
    await b.close();
    await nats.stop();
  });

  it('serves and answers only its own namespace; handlers see the unprefixed subject', async () => {
    expect([namespaceOf(a), namespaceOf(b)]).toEqual(['a', 'b']);
    const s = serve(a, who, (_req, ctx) => ({ ns: 'a', subject: ctx.subject }), { logger, queue: 'same-group' });
    await a.flush();
    await expect(request(a, who, {})).resolves.toEqual({ ns: 'a', subject: 'test.ns.who' });
    expect(isNoResponders(await request(b, who, {}).catch((e) => e))).toBe(true);
    s.stop();
  });

  it('delivers core events only inside the namespace, with unprefixed subjects', async () => {
    const seenA: string[] = [];
    const seenB: string[] = [];
    const subA = subscribe(a, note, (_p, m) => void seenA.push(m.subject), { logger });
    const subB = subscribe(b, note, (_p, m) => void seenB.push(m.subject), { logger });
    await Promise.all([a.flush(), b.flush()]);
    publish(b, note, ['x'], { n: 1 });
    publish(a, note, ['y'], { n: 2 });
    await Promise.all([a.flush(), b.flush()]);
    await new Promise<void>((r) => {
      const t = setInterval(() => seenA.length && seenB.length && (clearInterval(t), r()), 10);
    });
    expect(seenA).toEqual(['tns.note.y']);
    expect(seenB).toEqual(['tns.note.x']);
    subA.stop();
    subB.stop();
  });

  it('keeps one stream per namespace; durable and ordered readers see their own messages, unprefixed', async () => {
    const names: string[] = [];
    for await (const s of (await jetstreamManager(a)).streams.list()) names.push(s.config.name);
    expect(names.sort()).toEqual(['A_TNS_NOTE', 'B_TNS_NOTE']);
    const pa = new DurablePublisher(a, { logger });
    const pb = new DurablePublisher(b, { logger });
    await pa.publish(note, ['d1'], { n: 10 }, 'a-10');
    await pb.publish(note, ['d2'], { n: 20 }, 'b-20');
    const got: [number, string][] = [];
    const consumer = consumeDurable(b, {
      stream: spec.name,
      durable: 'reader',
      filterSubject: 'tns.note.*',
      schema: note.payload,
      logger,
      handler: (p, m) => void got.push([p.n, m.subject]),
    });
    await new Promise<void>((r) => {
      const t = setInterval(() => got.length >= 2 && (clearInterval(t), r()), 10);
    });
    // The core event of the test above went to B's stream too (it captures b.tns.note.*), never A's.
    expect(got).toEqual([
      [1, 'tns.note.x'],
      [20, 'tns.note.d2'],
    ]);
    await consumer.stop();
    const reader = await readStream(a, spec.name, { subject: 'tns.note.d1' });
    const m = await reader.next(2000);
    expect([m?.subject, m?.pending]).toEqual(['tns.note.d1', 0]);
    await reader.delete();
    await Promise.all([pa.close(), pb.close()]);
  });

  it('refuses a namespace that would not be a safe subject token', async () => {
    await expect(connectNats({ url: nats.url, name: 'bad', logger, namespace: 'a.b' })).rejects.toThrow(/must match/);
  });
});
