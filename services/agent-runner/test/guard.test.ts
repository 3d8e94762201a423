import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guardRpc, type GuardRequest } from '@flywheel/contracts';
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

  it('sends a call again, with the same call id, when an attempt goes unanswered (its request or reply lost with a NATS node)', async () => {
    const seen: GuardRequest[] = [];
    let secondCame!: () => void;
    const second = new Promise<void>((r) => (secondCame = r));
    const other = await connectNats({ url: nats.url, name: 'lossy-guard', logger: testLogger() });
    // The first delivery is answered only after the re-send came: its reply reaches an attempt already given up.
    serve(
      other,
      guardRpc,
      async (req) => {
        seen.push(req);
        if (seen.length === 1) await second;
        else secondCame();
        return { decision: 'allow' as const, decisionId: 'dcd_first' };
      },
      { logger: testLogger() },
    );
    await other.flush();
    const guard = createGuard({ nc, logger: testLogger(), timeoutMs: 20_000, attemptMs: 300, failMode: 'closed' });
    expect(await guard({ agentId: 'a3', tool: 'Bash', input: { command: 'ls' } })).toEqual({ allow: true, reason: undefined });
    expect(seen.length).toBe(2);
    expect(seen[0].callId).toMatch(/^gcl_/);
    expect(seen[1].callId).toBe(seen[0].callId);
    await other.drain();
  });

  it('takes the answer to an earlier attempt while a re-send waits elsewhere (another instance holding it for approval)', async () => {
    const seen: GuardRequest[] = [];
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    let secondCame!: () => void;
    const second = new Promise<void>((r) => (secondCame = r));
    const other = await connectNats({ url: nats.url, name: 'holding-guard', logger: testLogger() });
    serve(
      other,
      guardRpc,
      async (req) => {
        seen.push(req);
        if (seen.length === 1) {
          await second;
          return { decision: 'deny' as const, reason: 'approval denied', decisionId: 'dcd_first' };
        }
        secondCame();
        await released;
        return { decision: 'allow' as const, decisionId: 'dcd_second' };
      },
      { logger: testLogger() },
    );
    await other.flush();
    const guard = createGuard({ nc, logger: testLogger(), timeoutMs: 20_000, attemptMs: 300, failMode: 'closed' });
    expect(await guard({ agentId: 'a4', tool: 'Bash', input: { command: 'terraform apply -auto-approve' } })).toEqual({
      allow: false,
      reason: 'approval denied',
    });
    expect(seen.map((r) => r.callId)).toEqual([seen[0].callId, seen[0].callId]);
    release();
    await other.drain();
  });
});
