import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dcgRpcs, GUARD_SUBJECT, guardRpc, type GuardReply } from '@flywheel/contracts';
import { connectNats, request, startService, wireSubject, type NatsConnection, type RunningService } from '@flywheel/kit';
import { startNats, testLogger, type TestNats } from '@flywheel/kit/testing';
import { SafetyDefinition } from '../src/service.ts';

/** A guard call re-sent by the runner (its first reply lost with a NATS node) gets the decision already made: one stored. */
describe('guard re-sends (same call id)', () => {
  let nats: TestNats;
  let safety: RunningService;
  let nc: NatsConnection;
  let dir: string;
  const stored = async (agentId: string) => (await request(nc, dcgRpcs.decisions, { agentId })).items.map((d) => d.id);

  beforeAll(async () => {
    nats = await startNats();
    dir = mkdtempSync(join(tmpdir(), 'fw-safety-resend-'));
    safety = await startService(SafetyDefinition, { NATS_URL: nats.url, DATA_DIR: dir, LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent' });
    nc = await connectNats({ url: nats.url, name: 'safety-resend-test', logger: testLogger() });
  });

  afterAll(async () => {
    await nc?.drain().catch(() => undefined);
    await safety?.stop();
    await nats?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('answers a re-send of a call whose reply was lost with the first decision, and stores it once', async () => {
    const call = { agentId: 'resend-a1', tool: 'Bash', input: { command: 'git reset --hard' }, wait: false, callId: 'gcl_lost_reply' };
    // The first delivery reaches safety; its reply goes where the caller no longer listens (its node died).
    const tap = nc.subscribe('resend.tap', { max: 1 });
    nc.publish(wireSubject(nc, GUARD_SUBJECT), JSON.stringify(call), { reply: 'resend.tap' });
    let lost: GuardReply | undefined;
    for await (const m of tap) lost = (m.json() as { data: GuardReply }).data;
    const again = await request(nc, guardRpc, call);
    expect(again.decision).toBe('deny');
    expect(again.decisionId).toBe(lost?.decisionId);
    expect(await stored('resend-a1')).toEqual([lost?.decisionId]);
  });

  it('joins a re-send that comes while the call still runs; another call id is a new decision', async () => {
    const call = { agentId: 'resend-a2', tool: 'Bash', input: { command: 'ls' }, callId: 'gcl_fixed_1' };
    const [first, joined] = await Promise.all([request(nc, guardRpc, call), request(nc, guardRpc, call)]);
    const other = await request(nc, guardRpc, { ...call, callId: 'gcl_fixed_2' });
    expect([first.decision, joined.decisionId]).toEqual(['allow', first.decisionId]);
    expect(other.decisionId).not.toBe(first.decisionId);
    expect((await stored('resend-a2')).sort()).toEqual([first.decisionId, other.decisionId].sort());
  });
});
