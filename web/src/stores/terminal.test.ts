// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import WebSocket, { WebSocketServer } from 'ws';
import { json } from '../components/inbox/fixtures.ts';
import type { WebSocketCtor } from '../lib/ws-client.ts';
import { useLiveStore } from './live.ts';
import { useTerminalStore } from './terminal.ts';

const ts = new Date().toISOString();
const line = (seq: number) => ({
  type: 'event',
  channel: 'agent:output:agt_1',
  cursor: `v1.2-${seq.toString(36)}`,
  data: { type: 'output', agentId: 'agt_1', seq, ts, stream: 'stdout', text: `line ${seq}` },
});

describe('terminal store fed by events frames', () => {
  let wss: WebSocketServer;
  let send: (f: object) => void = () => {};
  const got: Record<string, unknown>[] = [];
  let frames: FrameRequestCallback[] = [];
  beforeEach(async () => {
    setActivePinia(createPinia());
    got.length = 0;
    frames = [];
    vi.stubGlobal('requestAnimationFrame', (cb: FrameRequestCallback) => frames.push(cb));
    wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    await new Promise((r) => wss.once('listening', r));
    wss.on('connection', (ws) => {
      send = (f) => ws.send(JSON.stringify(f));
      send({ type: 'hello', connectionId: 'c1', serverTime: ts, heartbeatMs: 10_000 });
      ws.on('message', (raw) => {
        const f = JSON.parse(raw.toString());
        got.push(f);
        if (f.type === 'subscribe') send({ type: 'subscribed', channels: f.channels, replayed: 0, cursor: 'v1.0-0' });
      });
    });
    (window as unknown as { happyDOM: { setURL(u: string): void } }).happyDOM.setURL(`http://127.0.0.1:${(wss.address() as { port: number }).port}/`);
    vi.stubGlobal('fetch', async (url: string) => {
      if (url === '/api/v1/ws/token') return json(201, { token: 'tok', expiresAt: new Date(Date.now() + 60_000).toISOString() });
      return json(200, { items: [] });
    });
  });
  afterEach(async () => {
    useLiveStore().stop();
    useTerminalStore().close();
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
    wss.clients.forEach((c) => c.terminate());
    await new Promise((r) => wss.close(r));
  });

  async function openAgentPage() {
    const live = useLiveStore();
    const term = useTerminalStore();
    live.start({ WebSocket: WebSocket as unknown as WebSocketCtor });
    await vi.waitFor(() => expect(got.some((f) => f.type === 'subscribe')).toBe(true));
    term.open('agt_1');
    await vi.waitFor(() => expect(got.some((f) => f.type === 'subscribe' && (f.channels as string[]).includes('agent:output:agt_1'))).toBe(true));
    await vi.waitFor(() => expect(term.loading).toBe(false));
    while (frames.length) frames.shift()!(0);
    return { live, term };
  }

  it('asks the hub for batches and applies every line of a 1,000-event frame in one animation frame, once and in order', async () => {
    const { term } = await openAgentPage();
    expect(got.find((f) => f.type === 'subscribe')).toMatchObject({ batch: true });
    const version = term.version;
    // A fast machine: the frame budget (which splits a larger backlog over frames) is not what is tested here.
    vi.spyOn(performance, 'now').mockReturnValue(0);
    send({ type: 'events', events: Array.from({ length: 1000 }, (_, k) => line(k + 1)) });
    await vi.waitFor(() => expect(frames.length).toBe(1));
    frames.shift()!(0);
    expect(frames).toEqual([]);
    expect(term.version).toBe(version + 1);
    expect(term.lines.slice().map((l) => l.text)).toEqual(Array.from({ length: 1000 }, (_, k) => `line ${k + 1}`));

    // A replayed frame overlapping what is shown adds only the new lines.
    send({ type: 'events', events: Array.from({ length: 10 }, (_, k) => ({ ...line(996 + k), replay: true })) });
    await vi.waitFor(() => expect(frames.length).toBe(1));
    frames.shift()!(0);
    expect(
      term.lines
        .slice()
        .map((l) => l.text)
        .slice(-6),
    ).toEqual([1000, 1001, 1002, 1003, 1004, 1005].map((k) => `line ${k}`));
    expect(term.lines).toHaveLength(1005);
  });

  it('acks a frame of ack-required events once, with its last such event’s cursor', async () => {
    await openAgentPage();
    const dcg = (n: number) => ({ type: 'event', channel: 'system:dcg', cursor: `v1.9-${n}`, data: { type: 'noise' } });
    send({ type: 'events', events: [dcg(1), line(1), dcg(2), line(2)] });
    await vi.waitFor(() => expect(got.filter((f) => f.type === 'ack')).toEqual([{ type: 'ack', cursor: 'v1.9-2' }]));
  });
});
