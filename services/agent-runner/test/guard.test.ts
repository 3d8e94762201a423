import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectNats, type NatsConnection } from '@flywheel/kit';
import { startNats, testLogger, type TestNats } from '@flywheel/kit/testing';
import { createGuard } from '../src/runtime/guard.ts';

describe('guard fail mode', () => {
  let nats: TestNats;
  let nc: NatsConnection;
  beforeAll(async () => {
    nats = await startNats();
    nc = await connectNats({ url: nats.url, name: 't', logger: testLogger() });
  });
  afterAll(async () => {
    await nc.drain();
    await nats.stop();
  });

  it('when no guard answers, denies by default (closed) with a reason, and allows when configured open', async () => {
    const req = { agentId: 'a1', tool: 'Bash', input: { command: 'ls' } };
    const closed = await createGuard({ nc, logger: testLogger(), timeoutMs: 200, failMode: 'closed' })(req);
    expect(closed.allow).toBe(false);
    expect(closed.reason).toMatch(/safety guard unavailable/);
    expect((await createGuard({ nc, logger: testLogger(), timeoutMs: 200, failMode: 'open' })(req)).allow).toBe(true);
  });
});
