import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guardRpc } from '@flywheel/contracts';
import { connectNats, serve, type NatsConnection } from '@flywheel/kit';
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

  it('asks again while nobody serves the guard for a moment (its service moving to another NATS node), then follows the verdict', async () => {
    const guard = createGuard({ nc, logger: testLogger(), timeoutMs: 5000, failMode: 'closed' });
    const verdict = guard({ agentId: 'a2', tool: 'Bash', input: { command: 'ls' } });
    // The first ask has met no responder by now; the guard appears afterwards.
    await nc.flush();
    await nc.flush();
    const other = await connectNats({ url: nats.url, name: 'late-guard', logger: testLogger() });
    serve(other, guardRpc, () => ({ decision: 'allow' as const }), { logger: testLogger() });
    await other.flush();
    expect(await verdict).toEqual({ allow: true, reason: undefined });
    await other.drain();
  });
});
