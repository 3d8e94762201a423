import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jetstream } from '@nats-io/jetstream';
import { startNats, type TestNats } from '@flywheel/kit/testing';
import { startGateway, startHub, TestClient, type TestHub } from './helpers.ts';

let nats: TestNats;
let gw: Awaited<ReturnType<typeof startGateway>>;
let hub: TestHub;

beforeAll(async () => {
  nats = await startNats();
  gw = await startGateway(nats.url);
  hub = await startHub(nats.url);
});

afterAll(async () => {
  await hub?.stop();
  await gw?.stop();
  await nats?.stop();
});

/** Publishes until JetStream acks (the broker may still be coming back). */
async function publishAcked(subject: string, i: number): Promise<void> {
  const js = jetstream(gw.nc);
  for (;;) {
    try {
      await js.publish(subject, JSON.stringify({ i }), { msgID: `nr-${i}`, timeout: 1000 });
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

describe('ws-hub across a NATS restart', () => {
  it('keeps its clients and resumes fan-out without a gap or a duplicate', async () => {
    const c = await TestClient.connect(hub.port, 'admin-key');
    await c.subscribe(['agent:output:*']);
    for (let i = 0; i < 5; i++) await publishAcked('agent.output.n1', i);
    await c.until(() => c.events().length === 5, 10_000, 'before');
    await nats.kill();
    await nats.restart();
    for (let i = 5; i < 10; i++) await publishAcked('agent.output.n1', i);
    await c.until(() => c.events().length >= 10, 20_000, 'after the restart');
    expect(c.events().map((e) => (e.data as { i: number }).i)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(c.closeCode).toBeUndefined();
    await c.close();
  });
});
