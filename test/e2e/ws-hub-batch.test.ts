import type { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVENTS_FRAME_MAX, EVENTS_FRAME_MAX_BYTES } from '@flywheel/contracts';
import { publishMany, startStack, TestClient, type Stack } from '../support/index.ts';

const HWM = 256 * 1024;
let s: Stack;
let admin: string;
let port: number;

beforeAll(async () => {
  s = await startStack({ services: ['gateway-api', { name: 'ws-hub', env: { WS_RING_EVENTS: '500', WS_SEND_HWM_BYTES: String(HWM) } }] });
  admin = s.adminKey;
  port = s.port('ws-hub');
});

afterAll(async () => {
  await s?.stop();
});

const ids = (c: TestClient) => c.events().map((e) => (e.data as { i: number }).i);
const range = (a: number, n: number) => Array.from({ length: n }, (_, k) => a + k);
const batches = (c: TestClient) => c.frames.flatMap((f) => (f.type === 'events' ? [f.events.length] : []));

async function batchClient(): Promise<TestClient> {
  const c = await TestClient.connect(port, admin);
  c.batch = true;
  return c;
}

/** Every `events` frame is within the caps (one event over the byte cap would go alone, as an `event` frame). */
function expectWithinCaps(c: TestClient): void {
  c.frames.forEach((f, k) => {
    if (f.type !== 'events') return;
    expect(f.events.length).toBeLessThanOrEqual(EVENTS_FRAME_MAX);
    expect(c.sizes[k]).toBeLessThanOrEqual(EVENTS_FRAME_MAX_BYTES + 64);
  });
}

describe('ws-hub events frames (batch opt-in)', () => {
  it('batches live events for a client that opted in, every event once and in order, and not for one that did not', async () => {
    const batched = await batchClient();
    const plain = await TestClient.connect(port, admin);
    await batched.subscribe(['agent:output:b1']);
    await plain.subscribe(['agent:output:b1']);
    await publishMany(s.nc, 'agent.output.b1', 3000, 0, 200);
    await batched.until(() => batched.events().length === 3000, 20_000, 'every event, batched');
    await plain.until(() => plain.events().length === 3000, 20_000, 'every event, one per frame');
    expect(ids(batched)).toEqual(range(0, 3000));
    expect(ids(plain)).toEqual(range(0, 3000));
    expect(batches(batched).length).toBeGreaterThan(0);
    expect(batches(plain)).toEqual([]);
    expectWithinCaps(batched);
    const cursors = batched.events().map((e) => e.cursor);
    expect(cursors.at(-1)).toBe(plain.events().at(-1)!.cursor);
    await batched.close();
    await plain.close();
  });

  it('replays from the stream and the ring in batches, then the subscribed frame, then live, exactly once', async () => {
    const first = await batchClient();
    const { cursor } = await first.subscribe(['agent:output:b2']);
    await first.close();
    await publishMany(s.nc, 'agent.output.b2', 2000, 0, 100);
    const c = await batchClient();
    const sub = await c.subscribe(['agent:output:b2'], cursor);
    expect(sub.replayed).toBe(2000);
    expect(ids(c)).toEqual(range(0, 2000));
    expect(c.events().every((e) => e.replay === true)).toBe(true);
    expect(Math.max(...batches(c))).toBeGreaterThan(1);
    expectWithinCaps(c);
    await publishMany(s.nc, 'agent.output.b2', 5, 2000);
    await c.until(() => c.events().length === 2005, 10_000, 'live after replay');
    expect(ids(c)).toEqual(range(0, 2005));
    expect(
      c
        .events()
        .slice(2000)
        .every((e) => e.replay === undefined),
    ).toBe(true);
    const subscribedAt = c.frames.findIndex((f) => f.type === 'subscribed');
    expect(c.frames.slice(0, subscribedAt).flatMap((f) => (f.type === 'events' ? f.events : f.type === 'event' ? [f] : []))).toHaveLength(2000);
    await c.close();
  });

  const N = 4000;
  it('a batched reader that stalls is told what it missed and resumes from there with every event exactly once', async () => {
    const slow = await batchClient();
    await slow.subscribe(['agent:output:b3']);
    const socket = (slow.ws as unknown as { _socket: Socket })._socket;
    socket.pause();
    await publishMany(s.nc, 'agent.output.b3', N, 0, 4000);
    socket.resume();
    const dropped = await slow.next((f) => f.type === 'dropped', 0, 30_000);
    if (dropped.type !== 'dropped') throw new Error('expected a dropped frame');
    // What the hub sent before it stopped sending: every event up to `from`.
    const at = slow.frames.indexOf(dropped);
    const before = slow.frames.slice(0, at).flatMap((f) => (f.type === 'events' ? f.events : f.type === 'event' ? [f] : []));
    await slow.close();
    expect(before.at(-1)?.cursor).toBe(dropped.from);
    const got = before.map((e) => (e.data as { i: number }).i);
    expect(got).toEqual(range(0, got.length));
    expect(got.length).toBeLessThan(N);
    const again = await batchClient();
    await again.subscribe(['agent:output:b3'], dropped.from);
    await again.until(() => got.length + again.events().length >= N, 30_000, 'the rest');
    expect([...got, ...ids(again)]).toEqual(range(0, N));
    await again.close();
  });

  it('answers a subscribe with a bad batch field with an error frame and keeps the connection open', async () => {
    const c = await TestClient.connect(port, admin);
    c.send({ type: 'subscribe', channels: ['agent:output:b4'], batch: 'yes' });
    const err = await c.next((f) => f.type === 'error');
    expect(err.type === 'error' && err.error.code).toBe('BAD_REQUEST');
    c.batch = true;
    await c.subscribe(['agent:output:b4']);
    await publishMany(s.nc, 'agent.output.b4', 10);
    await c.until(() => c.events().length === 10, 10_000, 'events after the error');
    expect(ids(c)).toEqual(range(0, 10));
    await c.close();
  });
});
