// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import WebSocket, { WebSocketServer } from 'ws';
import type { Alert } from '@flywheel/contracts';
import { json, stuckAlert } from '../components/inbox/fixtures.ts';
import type { WebSocketCtor } from '../lib/ws-client.ts';
import { useInboxStore } from './inbox.ts';
import { useLiveStore } from './live.ts';
import { wireInvalidation } from './sync.ts';

const stuck = stuckAlert();

describe('inbox store: the app hub connection reloads it', () => {
  let wss: WebSocketServer;
  let send: (f: object) => void = () => {};
  let subscribed = false;
  let open: Alert[] = [];
  let acked: Alert[] = [];
  let alertReads = 0;
  const cleanup: (() => unknown)[] = [];
  beforeEach(async () => {
    setActivePinia(createPinia());
    subscribed = false;
    open = [];
    acked = [];
    alertReads = 0;
    wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    await new Promise((r) => wss.once('listening', r));
    wss.on('connection', (ws) => {
      send = (f) => ws.send(JSON.stringify(f));
      send({ type: 'hello', connectionId: 'c1', serverTime: new Date().toISOString(), heartbeatMs: 10_000 });
      ws.on('message', (raw) => {
        const f = JSON.parse(raw.toString());
        if (f.type !== 'subscribe') return;
        send({ type: 'subscribed', channels: f.channels, replayed: 0, cursor: 'v1.0-0' });
        subscribed = true;
      });
    });
    // The page's origin is the fake hub's, so the live store's /ws URL reaches it.
    (window as unknown as { happyDOM: { setURL(u: string): void } }).happyDOM.setURL(`http://127.0.0.1:${(wss.address() as { port: number }).port}/`);
    vi.stubGlobal('fetch', async (url: string) => {
      if (url === '/api/v1/ws/token') return json(201, { token: 'tok', expiresAt: new Date(Date.now() + 60_000).toISOString() });
      if (url.startsWith('/api/v1/alerts?status=acknowledged')) return json(200, { items: acked });
      if (url.startsWith('/api/v1/alerts')) return (alertReads++, json(200, { items: open }));
      return json(200, { items: [] });
    });
  });
  afterEach(async () => {
    for (const c of cleanup.splice(0)) await c();
    vi.unstubAllGlobals();
    wss.clients.forEach((c) => c.terminate());
    await new Promise((r) => wss.close(r));
  });

  it('lists a stopped autopilot when system:alerts carries its alert and drops it when the alert is resolved', async () => {
    const inbox = useInboxStore();
    const live = useLiveStore();
    cleanup.push(wireInvalidation(), () => live.stop());
    await inbox.refresh();
    expect(inbox.entries).toEqual([]);
    live.start({ WebSocket: WebSocket as unknown as WebSocketCtor });
    await vi.waitFor(() => expect(subscribed).toBe(true));
    // Subscribed: the store reloads once for the (re)connect and reads the alerts with none open; any later read is the event's.
    await vi.waitFor(() => expect(alertReads).toBe(2));

    open = [stuck];
    send({ type: 'event', channel: 'system:alerts', cursor: 'v1.0-1', data: { source: 'alerts', alert: stuck } });
    await vi.waitFor(() => expect(inbox.entries.map((e) => e.key)).toEqual(['autopilot:proj_1']));

    open = [];
    send({ type: 'event', channel: 'system:alerts', cursor: 'v1.0-2', data: { source: 'alerts', alert: { ...stuck, status: 'resolved' } } });
    await vi.waitFor(() => expect(inbox.entries).toEqual([]));
  });

  it('keeps a stopped autopilot listed while its alert is acknowledged (the autopilot is still paused); drops it when the resume resolves it', async () => {
    const inbox = useInboxStore();
    const live = useLiveStore();
    cleanup.push(wireInvalidation(), () => live.stop());
    open = [stuck];
    await inbox.refresh();
    expect(inbox.entries.map((e) => e.key)).toEqual(['autopilot:proj_1']);
    live.start({ WebSocket: WebSocket as unknown as WebSocketCtor });
    await vi.waitFor(() => expect(subscribed).toBe(true));

    // Someone acknowledges it: the alert moves from the open list to the acknowledged one; the entry stays.
    const acknowledged: Alert = { ...stuck, status: 'acknowledged', ackedBy: 'ops/key_1' };
    open = [];
    acked = [acknowledged];
    send({ type: 'event', channel: 'system:alerts', cursor: 'v1.0-1', data: { source: 'alerts', alert: acknowledged } });
    await vi.waitFor(() => expect(inbox.entries.map((e) => [e.key, e.alert?.status])).toEqual([['autopilot:proj_1', 'acknowledged']]));

    // The autopilot is resumed: the gateway resolves the alert, and the entry goes.
    acked = [];
    send({ type: 'event', channel: 'system:alerts', cursor: 'v1.0-2', data: { source: 'alerts', alert: { ...acknowledged, status: 'resolved' } } });
    await vi.waitFor(() => expect(inbox.entries).toEqual([]));
  });
});
