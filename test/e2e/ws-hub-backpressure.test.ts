import type { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningService } from '@flywheel/kit';
import { waitFor } from '@flywheel/kit/testing';
import { publishMany, startStack, TestClient, type Stack } from '../support/index.ts';

const HWM = 256 * 1024;
const EVENTS = 4000;
const PAD = 4000;

let s: Stack;
let admin: string;

beforeAll(async () => {
  s = await startStack({ services: ['gateway-api'] });
  admin = s.adminKey;
});

afterAll(async () => {
  await s?.stop();
});

interface TestHub {
  port: number;
  running: RunningService;
}

let hubs = 0;
async function startHub(env: Record<string, string>): Promise<TestHub> {
  const id = `ws-hub-${++hubs}`;
  await s.add({ name: 'ws-hub', id, env });
  return { port: s.port(id), running: s.service(id) };
}

const socketOf = (c: TestClient) => (c.ws as unknown as { _socket: Socket })._socket;

async function metric(h: TestHub, name: string, label?: [string, string]): Promise<number> {
  const m = await h.running.deps.metrics.registry.getSingleMetric(name)!.get();
  return m.values.filter((v) => !label || v.labels[label[0]] === label[1]).reduce((a, v) => a + v.value, 0);
}

async function stalledBesideNormal(env: Record<string, string>, agent: string) {
  const hub = await startHub({ WS_SEND_HWM_BYTES: String(HWM), ...env });
  const normal = await TestClient.connect(hub.port, admin);
  const slow = await TestClient.connect(hub.port, admin);
  await normal.subscribe([`agent:output:${agent}`]);
  await slow.subscribe([`agent:output:${agent}`]);
  socketOf(slow).pause();
  await publishMany(s.nc, `agent.output.${agent}`, EVENTS, 0, PAD);
  await normal.until(() => normal.events().length === EVENTS, 30_000, 'every event at the normal client');
  return { hub, normal, slow };
}

describe('ws-hub backpressure', () => {
  it('bounds a stalled reader’s queue, tells it what it missed, and never slows its neighbour', async () => {
    const { hub, normal, slow } = await stalledBesideNormal({ WS_STALL_MS: '60000' }, 'bp1');
    expect(normal.events().map((e) => (e.data as { i: number }).i)).toEqual(Array.from({ length: EVENTS }, (_, k) => k));
    expect(await metric(hub, 'ws_hub_dropped_total')).toBeGreaterThan(0);
    expect(await metric(hub, 'ws_hub_send_queue_peak_bytes')).toBeLessThanOrEqual(HWM + PAD + 1024);
    socketOf(slow).resume();
    const dropped = await slow.next((f) => f.type === 'dropped', 0, 20_000);
    const received = slow.events().length;
    expect(received).toBeLessThan(EVENTS);
    expect(dropped.type === 'dropped' && dropped.reason).toBe('slow_consumer');
    await normal.close();
    await slow.close();
  });

  it('closes a reader that stays stalled with 1013', async () => {
    const { hub, normal } = await stalledBesideNormal({ WS_STALL_MS: '300' }, 'bp2');
    await waitFor(async () => (await metric(hub, 'ws_hub_closes_total', ['code', '1013'])) >= 1, { what: '1013 close' });
    expect(await metric(hub, 'ws_hub_closes_total', ['code', '1013'])).toBe(1);
    expect(normal.closeCode).toBeUndefined();
    await normal.close();
  });
});
