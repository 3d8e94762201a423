import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestNats } from '@flywheel/kit/testing';
import { jetstreamIn, startStack, TestClient, type Stack } from '../support/index.ts';

let s: Stack;
let nats: TestNats;
let admin: string;
let hub: { port: number };

beforeAll(async () => {
  s = await startStack({ services: ['gateway-api', 'ws-hub'] });
  nats = s.nats;
  admin = s.adminKey;
  hub = { port: s.port('ws-hub') };
});

afterAll(async () => {
  await s?.stop();
});

/** Publishes until JetStream acks (the broker may still be coming back). */
async function publishAcked(subject: string, i: number): Promise<void> {
  const js = jetstreamIn(s.nc);
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
    const c = await TestClient.connect(hub.port, admin);
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
