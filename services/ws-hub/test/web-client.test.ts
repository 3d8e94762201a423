import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNats, waitFor, type TestNats } from '@flywheel/kit/testing';
import { HubClient, type WebSocketCtor } from '../../../web/src/lib/ws-client.ts';
import { credential, startGateway, publishMany, startHub, type TestHub } from './helpers.ts';

let nats: TestNats;
let gw: Awaited<ReturnType<typeof startGateway>>;
let hub: TestHub;

beforeAll(async () => {
  nats = await startNats();
  gw = await startGateway(nats.url);
  hub = await startHub(nats.url, { WS_HEARTBEAT_MS: '200' });
});

afterAll(async () => {
  await hub?.stop();
  await gw?.stop();
  await nats?.stop();
});

describe('the dashboard’s HubClient against the real hub', () => {
  it('reconnects after the link drops and receives every event exactly once, in order', async () => {
    let gate: Promise<void> = Promise.resolve();
    let open = () => {};
    const got: number[] = [];
    const client = new HubClient({
      url: async () => (await gate, `ws://127.0.0.1:${hub.port}/ws?token=${credential('admin-key')}`),
      channels: ['agent:output:*'],
      onEvent: (e) => got.push((e.data as { i: number }).i),
      WebSocket: WebSocket as unknown as WebSocketCtor,
      minBackoffMs: 10,
    });
    client.start();
    await waitFor(() => hub.running.instance.hub.index.size === 1, { what: 'subscribed' });
    await publishMany(gw.nc, 'agent.output.w1', 50);
    await waitFor(() => got.length === 50, { what: 'first 50' });
    gate = new Promise((r) => (open = r));
    for (const c of hub.running.instance.hub.conns) c.ws.terminate();
    await publishMany(gw.nc, 'agent.output.w1', 500, 50);
    open();
    await waitFor(() => got.length >= 550, { what: 'all 550', timeoutMs: 15_000 });
    await publishMany(gw.nc, 'agent.output.w1', 5, 550);
    await waitFor(() => got.length >= 555, { what: 'live after' });
    client.stop();
    expect(got).toEqual(Array.from({ length: 555 }, (_, k) => k));
  });
});
