import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jetstreamManager } from '@nats-io/jetstream';
import type { RunningService } from '@flywheel/kit';
import { jetstreamIn, publishMany, startStack, TestClient, type Stack } from '../support/index.ts';

interface TestHub {
  port: number;
  running: RunningService;
}

let s: Stack;
let admin: string;
let hub: TestHub;

beforeAll(async () => {
  s = await startStack({ services: ['gateway-api', { name: 'ws-hub', env: { WS_RING_EVENTS: '500' } }] });
  admin = s.adminKey;
  hub = { port: s.port('ws-hub'), running: s.service('ws-hub') };
});

afterAll(async () => {
  await s?.stop();
});

async function replays(h: TestHub, source: string): Promise<number> {
  const m = await h.running.deps.metrics.registry.getSingleMetric('ws_hub_replays_total')!.get();
  return m.values.find((v) => v.labels.source === source)?.value ?? 0;
}

const ids = (c: TestClient, from = 0) =>
  c
    .events()
    .slice(from)
    .map((e) => (e.data as { i: number }).i);
const range = (a: number, n: number) => Array.from({ length: n }, (_, k) => a + k);

/** Subscribes, receives `n` live events, and returns the last cursor and the next payload index. */
async function watchThenLeave(port: number, agent: string, n: number, start: number): Promise<string> {
  const c = await TestClient.connect(port, admin);
  await c.subscribe([`agent:output:*`]);
  await publishMany(s.nc, `agent.output.${agent}`, n, start);
  await c.until(() => c.events().length === n, 10_000, 'live events');
  await c.close();
  return c.events().at(-1)!.cursor;
}

/** Reconnects with `since`; expects exactly `missed` replayed in order, then live events. */
async function resume(port: number, agent: string, since: string, missedFrom: number, missed: number): Promise<void> {
  const c = await TestClient.connect(port, admin);
  const sub = await c.subscribe(['agent:output:*'], since);
  expect(sub.replayed).toBe(missed);
  expect(ids(c)).toEqual(range(missedFrom, missed));
  expect(c.events().every((e) => e.replay === true)).toBe(true);
  await publishMany(s.nc, `agent.output.${agent}`, 3, missedFrom + missed);
  await c.until(() => c.events().length === missed + 3, 10_000, 'live after replay');
  expect(ids(c)).toEqual(range(missedFrom, missed + 3));
  expect(
    c
      .events()
      .slice(missed)
      .every((e) => e.replay === undefined),
  ).toBe(true);
  await c.close();
}

describe('ws-hub replay with cursors', () => {
  it('after a disconnect, replays exactly the 1,000 missed events in order, then live', async () => {
    const cursor = await watchThenLeave(hub.port, 'r1', 5, 0);
    await publishMany(s.nc, 'agent.output.r1', 1000, 5);
    await resume(hub.port, 'r1', cursor, 5, 1000);
    expect(await replays(hub, 'stream')).toBe(1);
  });

  it('serves a short absence from the in-memory ring', async () => {
    const cursor = await watchThenLeave(hub.port, 'r0', 5, 0);
    await publishMany(s.nc, 'agent.output.r0', 100, 5);
    await resume(hub.port, 'r0', cursor, 5, 100);
    expect(await replays(hub, 'ring')).toBe(1);
  });

  it('replays one concrete channel among other agents’ events, from the stream and the ring', async () => {
    const c1 = await TestClient.connect(hub.port, admin);
    const { cursor } = await c1.subscribe(['agent:output:c1']);
    await c1.close();
    const js = jetstreamIn(s.nc);
    for (let i = 0; i < 1200; i += 100) {
      await Promise.all(Array.from({ length: 100 }, (_, k) => js.publish(`agent.output.c${(i + k) % 2 ? 2 : 1}`, JSON.stringify({ i: i + k }))));
    }
    const c2 = await TestClient.connect(hub.port, admin);
    const sub = await c2.subscribe(['agent:output:c1'], cursor);
    expect(sub.replayed).toBe(600);
    expect(ids(c2)).toEqual(range(0, 600).map((k) => 2 * k));
    await c2.close();
  });

  it('continues exactly on a second hub instance started after the events were published', async () => {
    const cursor = await watchThenLeave(hub.port, 'r2', 5, 0);
    await publishMany(s.nc, 'agent.output.r2', 1000, 5);
    await s.add({ name: 'ws-hub', id: 'second' });
    const second = { port: s.port('second') };
    await resume(second.port, 'r2', cursor, 5, 1000);
  });

  it('answers reset when the cursor is older than what the stream retains', async () => {
    const cursor = await watchThenLeave(hub.port, 'r3', 5, 0);
    await publishMany(s.nc, 'agent.output.r3', 600, 5);
    const jsm = await jetstreamManager(s.nc);
    await jsm.streams.purge('FW_AGENT_OUTPUT', { keep: 10 });
    const c = await TestClient.connect(hub.port, admin);
    c.send({ type: 'subscribe', channels: ['agent:output:r3'], since: cursor });
    const reset = await c.next((f) => f.type === 'reset');
    const sub = await c.next((f) => f.type === 'subscribed');
    expect(reset.type === 'reset' && reset.current).toBeTruthy();
    expect(sub.type === 'subscribed' && sub.replayed).toBe(0);
    expect(c.events()).toHaveLength(0);
    await c.close();
  });

  it('re-sends ack-required events on reconnect until they are acked', async () => {
    const c1 = await TestClient.connect(hub.port, admin, '?client=acker');
    await c1.subscribe(['workspace:reservations:*']);
    await publishMany(s.nc, 'workspace.reservations.w1', 3);
    await c1.until(() => c1.events().length === 3, 10_000, 'three reservations');
    c1.send({ type: 'ack', cursor: c1.events()[0].cursor });
    await c1.close();
    const c2 = await TestClient.connect(hub.port, admin, '?client=acker');
    const sub = await c2.subscribe(['workspace:reservations:*'], c1.events()[2].cursor);
    expect(sub.replayed).toBe(2);
    expect(ids(c2)).toEqual([1, 2]);
    c2.send({ type: 'ack', cursor: sub.cursor });
    await c2.close();
    const c3 = await TestClient.connect(hub.port, admin, '?client=acker');
    expect((await c3.subscribe(['workspace:reservations:*'])).replayed).toBe(0);
    await c3.close();
  });
});
