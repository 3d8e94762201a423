import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishMany, startStack, TestClient, type Stack } from '../support/index.ts';

let s: Stack;
let hub: { port: number };
let admin: string;

beforeAll(async () => {
  s = await startStack({ services: ['gateway-api', { name: 'ws-hub', env: { WS_HEARTBEAT_MS: '200', WS_MAX_FRAME_BYTES: '4096' } }] });
  hub = { port: s.port('ws-hub') };
  admin = s.adminKey;
});

afterAll(async () => {
  await s?.stop();
});

describe('ws-hub live fan-out', () => {
  it('delivers a wildcard subscription events from three agents and nothing from other families', async () => {
    const c = await TestClient.connect(hub.port, admin);
    await c.subscribe(['agent:output:*']);
    for (const a of ['a1', 'a2', 'a3']) await publishMany(s.nc, `agent.output.${a}`, 3);
    await publishMany(s.nc, 'agent.tools.a1', 2);
    await publishMany(s.nc, 'system.alerts', 2);
    await publishMany(s.nc, 'agent.output.a1', 1, 100);
    await c.until(() => c.events().some((e) => (e.data as { i: number }).i === 100), 10_000, 'marker');
    const channels = c.events().map((e) => e.channel);
    expect(channels).toHaveLength(10);
    expect(new Set(channels)).toEqual(new Set(['agent:output:a1', 'agent:output:a2', 'agent:output:a3']));
    const cursors = c.events().map((e) => e.cursor);
    expect(new Set(cursors).size).toBe(10);
    await c.close();
  });

  it('answers an unknown channel and a bad frame with error frames and keeps the connection open', async () => {
    const c = await TestClient.connect(hub.port, admin);
    c.send({ type: 'subscribe', channels: ['agent:nonsense:1'] });
    const e1 = await c.next((f) => f.type === 'error');
    c.send('not json');
    const e2 = await c.next((f) => f.type === 'error' && f !== e1);
    c.send({ type: 'ping' });
    await c.next((f) => f.type === 'pong');
    expect([e1, e2].map((f) => (f.type === 'error' ? f.error.code : ''))).toEqual(['BAD_REQUEST', 'BAD_REQUEST']);
    expect(c.closeCode).toBeUndefined();
    await c.close();
  });

  it('stops sending a channel after unsubscribe and refuses since on a later subscribe', async () => {
    const c = await TestClient.connect(hub.port, admin);
    const sub = await c.subscribe(['system:health', 'system:alerts']);
    c.send({ type: 'unsubscribe', channels: ['system:health'] });
    const left = await c.next((f) => f.type === 'subscribed' && f !== sub);
    expect(left.type === 'subscribed' && left.channels).toEqual(['system:alerts']);
    await expect(c.subscribe(['system:cost'], sub.cursor)).rejects.toThrow(/BAD_REQUEST/);
    c.send({ type: 'ack', cursor: 'not-a-cursor' });
    const bad = await c.next((f) => f.type === 'error' && f.error.message === 'malformed cursor');
    expect(bad.type).toBe('error');
    await publishMany(s.nc, 'system.health', 1);
    await publishMany(s.nc, 'system.alerts', 1, 7);
    const ev = await c.next((f) => f.type === 'event');
    expect(ev.type === 'event' && ev.channel).toBe('system:alerts');
    expect(c.events()).toHaveLength(1);
    await c.close();
  });

  it('closes with 1009 on a frame over the size limit', async () => {
    const c = await TestClient.connect(hub.port, admin);
    c.send({ type: 'ping', pad: 'x'.repeat(8000) });
    await c.until(() => c.closeCode, 5000, 'close');
    expect(c.closeCode).toBe(1009);
  });

  it('sends heartbeats and closes a silent client with 1001 after three intervals', async () => {
    const c = await TestClient.connect(hub.port, admin);
    await c.next((f) => f.type === 'heartbeat');
    await c.until(() => c.closeCode, 5000, 'close');
    expect(c.closeCode).toBe(1001);
  });

  it('keeps a client that pings open', async () => {
    const c = await TestClient.connect(hub.port, admin);
    const t = setInterval(() => c.send({ type: 'ping' }), 100);
    const beats = () => c.frames.filter((f) => f.type === 'heartbeat').length;
    await c.until(() => beats() >= 5, 5000, 'five heartbeats');
    clearInterval(t);
    expect(c.closeCode).toBeUndefined();
    await c.close();
  });
});
