import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import fc from 'fast-check';
import { EventFrame, EventsFrame } from '@flywheel/contracts';
import { asEventFrame, eventsOf, HubClient, type WebSocketCtor } from './ws-client.ts';

type Seen = { conn: number; frame: Record<string, unknown> };

/** A scripted stand-in for the hub: records client frames, answers with what a test says. */
async function fakeHub(script: (send: (f: object) => void, frame: Record<string, unknown>, conn: number) => void) {
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise((r) => wss.once('listening', r));
  const seen: Seen[] = [];
  let conns = 0;
  wss.on('connection', (ws) => {
    const conn = ++conns;
    const send = (f: object) => ws.send(JSON.stringify(f));
    send({ type: 'hello', connectionId: `c${conn}`, serverTime: new Date().toISOString(), heartbeatMs: 100 });
    ws.on('message', (raw) => {
      const frame = JSON.parse(raw.toString());
      seen.push({ conn, frame });
      script(send, frame, conn);
    });
  });
  const url = `ws://127.0.0.1:${(wss.address() as { port: number }).port}/ws`;
  return { wss, seen, url, close: () => new Promise((r) => (wss.clients.forEach((c) => c.terminate()), wss.close(r))) };
}

const until = async (p: () => boolean, what: string) => {
  const deadline = Date.now() + 5000;
  while (!p()) {
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
};

const ev = (cursor: string, i: number) => ({ type: 'event', channel: 'agent:output:a1', cursor, data: { i } });

let stop: (() => unknown)[] = [];
afterEach(async () => {
  for (const s of stop) await s();
  stop = [];
});

describe('HubClient', () => {
  it('subscribes on hello, pings, and resubscribes with the last cursor after a drop of the link', async () => {
    const hub = await fakeHub((send, f, conn) => {
      if (f.type !== 'subscribe') return;
      if (conn === 1) [ev('v1.0-1', 1), ev('v1.0-2', 2)].forEach(send);
      send({ type: 'subscribed', channels: f.channels, replayed: 0, cursor: conn === 1 ? 'v1.0-2' : 'v1.0-2' });
    });
    const got: number[] = [];
    const client = new HubClient({
      url: () => hub.url,
      channels: ['agent:output:*'],
      onEvent: (e) => got.push((e.data as { i: number }).i),
      WebSocket: WebSocket as unknown as WebSocketCtor,
      minBackoffMs: 10,
    });
    stop.push(() => client.stop(), hub.close);
    client.start();
    await until(() => got.length === 2 && hub.seen.some((s) => s.frame.type === 'ping'), 'events and a ping');
    hub.wss.clients.forEach((c) => c.terminate());
    await until(() => hub.seen.some((s) => s.conn === 2 && s.frame.type === 'subscribe'), 'resubscribe');
    expect(hub.seen.find((s) => s.conn === 2 && s.frame.type === 'subscribe')!.frame).toMatchObject({ channels: ['agent:output:*'], since: 'v1.0-2' });
  });

  it('on dropped, reconnects and replays from the gap’s start; on reset, asks the app to reload', async () => {
    const hub = await fakeHub((send, f, conn) => {
      if (f.type !== 'subscribe') return;
      if (conn === 1) {
        send(ev('v1.0-1', 1));
        send({ type: 'dropped', from: 'v1.0-1', to: 'v1.0-9', reason: 'slow_consumer' });
        send(ev('v1.0-10', 10));
      } else send({ type: 'reset', oldestAvailable: 'v1.0-5', current: 'v1.0-20' });
    });
    const got: number[] = [];
    const resets: string[] = [];
    const client = new HubClient({
      url: () => hub.url,
      channels: ['agent:output:a1'],
      onEvent: (e) => got.push((e.data as { i: number }).i),
      onReset: (r) => resets.push(r.current),
      WebSocket: WebSocket as unknown as WebSocketCtor,
    });
    stop.push(() => client.stop(), hub.close);
    client.start();
    await until(() => resets.length === 1, 'reset');
    expect(got).toEqual([1]);
    expect(hub.seen.find((s) => s.conn === 2)!.frame).toMatchObject({ type: 'subscribe', since: 'v1.0-1' });
    expect(client.cursor).toBe('v1.0-20');
  });
});

describe('HubClient with events frames', () => {
  it('asks for batches, hands each frame’s events over in one call in order, keeps the last cursor, and skips a broken batch', async () => {
    const hub = await fakeHub((send, f) => {
      if (f.type !== 'subscribe') return;
      send({ type: 'events', events: [ev('v1.0-1', 1), ev('v1.0-2', 2), ev('v1.0-3', 3)] });
      send({ type: 'events', events: [ev('v1.0-4', 4), { ...ev('v1.0-5', 5), cursor: 7 }] });
      send({ type: 'events', events: [] });
      send(ev('v1.0-6', 6));
      send({ type: 'subscribed', channels: f.channels, replayed: 0, cursor: 'v1.0-6' });
    });
    const calls: number[][] = [];
    const client = new HubClient({
      url: () => hub.url,
      channels: ['agent:output:a1'],
      onEvents: (es) => calls.push(es.map((e) => (e.data as { i: number }).i)),
      WebSocket: WebSocket as unknown as WebSocketCtor,
    });
    stop.push(() => client.stop(), hub.close);
    client.start();
    await until(() => calls.length === 2, 'two calls');
    expect(calls).toEqual([[1, 2, 3], [6]]);
    expect(client.cursor).toBe('v1.0-6');
    expect(hub.seen[0].frame).toMatchObject({ type: 'subscribe', batch: true });
  });

  it('gives an onEvent-only client every event of a batch, one call each', async () => {
    const hub = await fakeHub((send, f) => {
      if (f.type === 'subscribe') send({ type: 'events', events: [ev('v1.0-1', 1), ev('v1.0-2', 2)] });
    });
    const got: number[] = [];
    const client = new HubClient({
      url: () => hub.url,
      channels: ['agent:output:a1'],
      batch: false,
      onEvent: (e) => got.push((e.data as { i: number }).i),
      WebSocket: WebSocket as unknown as WebSocketCtor,
    });
    stop.push(() => client.stop(), hub.close);
    client.start();
    await until(() => got.length === 2, 'both events');
    expect(got).toEqual([1, 2]);
    expect(client.cursor).toBe('v1.0-2');
    expect(hub.seen[0].frame).not.toHaveProperty('batch');
  });
});

describe('eventsOf (the hand check of event and events frames)', () => {
  it('accepts and refuses exactly what the EventsFrame schema does', () => {
    const good = { type: 'event', channel: 'agent:output:a1', cursor: 'v1.0-1', data: 1 };
    const element = fc.oneof(
      fc.constant(good),
      fc.record({ type: fc.constantFrom('event', 'hello'), channel: fc.string({ maxLength: 3 }), cursor: fc.string({ maxLength: 3 }), data: fc.anything() }),
    );
    const frame = fc.record({ type: fc.constantFrom('events', 'event'), events: fc.oneof(fc.array(element, { maxLength: 5 }), fc.anything()) });
    fc.assert(
      fc.property(fc.oneof(frame, fc.anything()), (v) => {
        const quick = eventsOf(v);
        const batch = EventsFrame.safeParse(v);
        const one = EventFrame.safeParse(v);
        expect(quick !== undefined).toBe(batch.success || one.success);
        if (quick && batch.success) expect(quick.map((e) => e.cursor)).toEqual(batch.data.events.map((e) => e.cursor));
      }),
      { numRuns: 2_000 },
    );
    expect(eventsOf({ type: 'events', events: Array.from({ length: 1001 }, () => good) })).toBeUndefined();
  });
});

describe('asEventFrame (the hand check of event frames)', () => {
  it('accepts and refuses exactly what the EventFrame schema does, on valid and broken frames alike', () => {
    const str = fc.oneof(fc.string({ maxLength: 3 }), fc.string({ minLength: 195, maxLength: 205 }), fc.string({ minLength: 505, maxLength: 520 }));
    const frame = fc.record(
      {
        type: fc.constantFrom('event', 'hello', 'subscribed', 7),
        channel: fc.oneof(str, fc.constant(3), fc.constant(null)),
        cursor: fc.oneof(str, fc.constant(3)),
        data: fc.anything(),
        replay: fc.constantFrom(true, false, 'yes', undefined),
      },
      { requiredKeys: ['type'] },
    );
    fc.assert(
      fc.property(fc.oneof(frame, fc.anything()), (v) => {
        const quick = asEventFrame(v);
        const schema = EventFrame.safeParse(v);
        expect(quick !== undefined).toBe(schema.success);
        if (quick && schema.success) {
          expect(quick.channel).toBe(schema.data.channel);
          expect(quick.cursor).toBe(schema.data.cursor);
        }
      }),
      { numRuns: 2_000 },
    );
  });
});
