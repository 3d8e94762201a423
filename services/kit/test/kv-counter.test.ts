import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectNats, createKvCounter, openKv, type KV, type KvCounter, type NatsConnection } from '../src/index.ts';
import { startNats, testLogger, waitFor, type TestNats } from '../src/testing/index.ts';

let nats: TestNats;
let nc: NatsConnection;
let bucket = 0;
const counters: KvCounter[] = [];

beforeAll(async () => {
  nats = await startNats();
  nc = await connectNats({ url: nats.url, name: 'kv-counter-test', logger: testLogger() });
});
afterAll(async () => {
  await Promise.all(counters.map((c) => c.stop()));
  await nc?.drain();
  await nats?.stop();
});

/** Two counters on one fresh bucket: two gateway instances sharing their rate-limit counts. */
async function pair(opts: { windowMs?: number; now?: () => number } = {}): Promise<{ kv: KV; a: KvCounter; b: KvCounter }> {
  const kv = await openKv(nc, `counter-test-${++bucket}`);
  const make = () => createKvCounter(kv, { windowMs: opts.windowMs ?? 60_000, now: opts.now });
  const [a, b] = [make(), make()];
  counters.push(a, b);
  return { kv, a, b };
}

/** The bucket's count for a key (what every instance merges into). */
async function stored(kv: KV, key: string): Promise<number> {
  const e = await kv.get(`c.${Buffer.from(key).toString('base64url')}`);
  return e && e.operation === 'PUT' ? Number(e.string().split(':')[1]) : 0;
}

describe('createKvCounter', () => {
  it('counts hits on two instances against one limit once each has merged', async () => {
    const { kv, a, b } = await pair();
    const admitted: string[] = [];
    const refused: string[] = [];
    for (let i = 0; i < 16; i++) {
      const [name, c] = i % 2 ? ['b', b] : ['a', a];
      const { total } = await c.hit('key_1', 10);
      (total <= 10 ? admitted : refused).push(name as string);
      await waitFor(async () => (await stored(kv, 'key_1')) === i + 1, { what: `hit ${i + 1} merged` });
    }
    expect(admitted).toHaveLength(10);
    expect(refused).toEqual(['a', 'b', 'a', 'b', 'a', 'b']);
  });

  it('gives concurrent hits near the limit their exact place, whichever instance took them', async () => {
    const { a, b } = await pair();
    const hits = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).hit('ip_1', 5)));
    expect(hits.map((h) => h.total).sort((x, y) => x - y)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it('loses no hit counted far from the limit', async () => {
    const { kv, a, b } = await pair();
    await Promise.all(Array.from({ length: 300 }, (_, i) => (i % 3 ? a : b).hit('busy', 1_000_000)));
    await Promise.all([a.stop(), b.stop()]);
    expect(await stored(kv, 'busy')).toBe(300);
  });

  it('starts every window from zero and says when it ends', async () => {
    let t = 1_000_000;
    const { a } = await pair({ windowMs: 1000, now: () => t });
    for (let i = 0; i < 3; i++) await a.hit('k', 2);
    expect(a.peek('k').total).toBe(3);
    t += 1000;
    expect(await a.hit('k', 2)).toEqual({ total: 1, resetAt: 1_002_000 });
  });

  it('forgets a key on reset', async () => {
    const { kv, a } = await pair();
    await a.hit('gone', 1);
    await a.reset('gone');
    expect(await stored(kv, 'gone')).toBe(0);
    expect((await a.hit('gone', 1)).total).toBe(1);
  });
});
