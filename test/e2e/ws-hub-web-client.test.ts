import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BaseConfig, RunningService } from '@flywheel/kit';
import { waitFor } from '@flywheel/kit/testing';
import { HubClient, type WebSocketCtor } from '@flywheel/web/ws-client';
import type { HubDefinition } from '@flywheel/ws-hub';
import { publishMany, startStack, type InstanceOf, type Stack } from '../support/index.ts';

let s: Stack;
let hub: { port: number; running: RunningService<BaseConfig, InstanceOf<typeof HubDefinition>> };

beforeAll(async () => {
  s = await startStack({ services: ['gateway-api', { name: 'ws-hub', env: { WS_HEARTBEAT_MS: '200' } }] });
  hub = { port: s.port('ws-hub'), running: s.service<InstanceOf<typeof HubDefinition>>('ws-hub') };
});

afterAll(async () => {
  await s?.stop();
});

describe('the dashboard’s HubClient against the real hub', () => {
  it('reconnects after the link drops and receives every event exactly once, in order', async () => {
    let gate: Promise<void> = Promise.resolve();
    let open = () => {};
    const got: number[] = [];
    const client = new HubClient({
      url: async () => (await gate, `ws://127.0.0.1:${hub.port}/ws?token=${s.adminKey}`),
      channels: ['agent:output:*'],
      onEvent: (e) => got.push((e.data as { i: number }).i),
      WebSocket: WebSocket as unknown as WebSocketCtor,
      minBackoffMs: 10,
    });
    client.start();
    await waitFor(() => hub.running.instance.hub.index.size === 1, { what: 'subscribed' });
    await publishMany(s.nc, 'agent.output.w1', 50);
    await waitFor(() => got.length === 50, { what: 'first 50' });
    gate = new Promise((r) => (open = r));
    for (const c of hub.running.instance.hub.conns) c.ws.terminate();
    await publishMany(s.nc, 'agent.output.w1', 500, 50);
    open();
    await waitFor(() => got.length >= 550, { what: 'all 550', timeoutMs: 15_000 });
    await publishMany(s.nc, 'agent.output.w1', 5, 550);
    await waitFor(() => got.length >= 555, { what: 'live after' });
    client.stop();
    expect(got).toEqual(Array.from({ length: 555 }, (_, k) => k));
  });
});
