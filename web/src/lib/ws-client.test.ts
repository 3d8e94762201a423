import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import fc from 'fast-check';
import { EventFrame } from '@flywheel/contracts';
import { asEventFrame, HubClient, type WebSocketCtor } from './ws-client.ts';

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
