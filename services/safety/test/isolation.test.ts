import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dcgRpcs, guardRpc, type AppError, type DcgCheckReply, type Role } from '@flywheel/contracts';
import { connectNats, request, startService, type CallContext, type NatsConnection, type RunningService } from '@flywheel/kit';
import { startNats, testLogger, type TestNats } from '@flywheel/kit/testing';
import { SafetyDefinition } from '../src/service.ts';

const as = (accountId: string, role: Role): CallContext => ({ accountId, role });
const viewerA = as('acct-a', 'viewer');
const operatorA = as('acct-a', 'operator');
const operatorB = as('acct-b', 'operator');
const admin = as('ops', 'admin');
const internal: CallContext = {};

describe('safety account isolation (through NATS with the headers the gateway sends)', () => {
  let nats: TestNats;
  let safety: RunningService;
  let nc: NatsConnection;
  let dir: string;
  let denyA: DcgCheckReply;
  let denyB: DcgCheckReply;
  let unowned: { shortCode?: string };

  const check = (command: string, agentId: string, ctx: CallContext) => request(nc, dcgRpcs.check, { command, agentId }, ctx);
  const failure = (p: Promise<unknown>) =>
    p.then(
      () => undefined,
      (err: AppError) => err.code,
    );
  const pending = async (code: string) => (await request(nc, dcgRpcs.exceptions, { limit: 1000 }, admin)).items.find((e) => e.shortCode === code);

  beforeAll(async () => {
    nats = await startNats();
    dir = mkdtempSync(join(tmpdir(), 'fw-safety-iso-'));
    safety = await startService(SafetyDefinition, { NATS_URL: nats.url, DATA_DIR: dir, LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent' });
    nc = await connectNats({ url: nats.url, name: 'safety-isolation-test', logger: testLogger() });
    denyA = await check('git reset --hard', 'iso-a1', operatorA);
    denyB = await check('git reset --hard', 'iso-b1', operatorB);
    // The runner guards an agent of acct-a (internal call naming the account); a hook of an unmanaged agent names none.
    await request(nc, guardRpc, { agentId: 'iso-a2', accountId: 'acct-a', tool: 'Bash', input: { command: 'ls' } }, internal);
    unowned = await request(nc, guardRpc, { agentId: 'iso-x', tool: 'Bash', input: { command: 'git clean -fdx' }, wait: false, source: 'hook' }, internal);
  });

  afterAll(async () => {
    await nc?.drain().catch(() => undefined);
    await safety?.stop();
    await nats?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('shows a viewer of acct-a only acct-a’s decisions, counts and exceptions', async () => {
    const decisions = (await request(nc, dcgRpcs.decisions, {}, viewerA)).items;
    expect(new Set(decisions.map((d) => d.accountId))).toEqual(new Set(['acct-a']));
    expect(decisions.map((d) => d.agentId).sort()).toEqual(['iso-a1', 'iso-a2']);
    const stats = await request(nc, dcgRpcs.stats, {}, viewerA);
    expect(stats.total).toBe(2);
    expect(stats.byAgent.map((r) => r.key).sort()).toEqual(['iso-a1', 'iso-a2']);
    const exceptions = (await request(nc, dcgRpcs.exceptions, {}, viewerA)).items;
    expect(exceptions.map((e) => e.shortCode)).toEqual([denyA.shortCode]);
    expect(exceptions[0].accountId).toBe('acct-a');
  });

  it('shows admins and internal callers every account’s, and the unowned ones', async () => {
    for (const ctx of [admin, internal]) {
      expect((await request(nc, dcgRpcs.decisions, {}, ctx)).items.map((d) => d.agentId).sort()).toEqual(['iso-a1', 'iso-a2', 'iso-b1', 'iso-x']);
      expect((await request(nc, dcgRpcs.stats, {}, ctx)).total).toBe(4);
      const codes = (await request(nc, dcgRpcs.exceptions, {}, ctx)).items.map((e) => e.shortCode);
      expect(codes.sort()).toEqual([denyA.shortCode, denyB.shortCode, unowned.shortCode].sort());
    }
  });

  it('records a limited caller’s own account on a guard call, whatever account it names', async () => {
    const reply = await request(nc, guardRpc, { agentId: 'iso-a3', accountId: 'acct-b', tool: 'Bash', input: { command: 'pwd' } }, operatorA);
    const mine = (await request(nc, dcgRpcs.decisions, { agentId: 'iso-a3' }, admin)).items;
    expect(mine.map((d) => [d.id, d.accountId])).toEqual([[reply.decisionId, 'acct-a']]);
  });

  it('refuses acct-b’s operator approving or denying acct-a’s exception with FORBIDDEN, and changes nothing', async () => {
    const ref = denyA.shortCode!;
    expect(await failure(request(nc, dcgRpcs.approve, { ref, grant: 'once', decidedBy: 'acct-b/k1' }, operatorB))).toBe('FORBIDDEN');
    expect(await failure(request(nc, dcgRpcs.deny, { ref, decidedBy: 'acct-b/k1' }, operatorB))).toBe('FORBIDDEN');
    expect(await pending(ref)).toMatchObject({ status: 'pending', accountId: 'acct-a' });
    expect((await pending(ref))?.decidedBy).toBeUndefined();
    const audit = (await request(nc, dcgRpcs.audit, { limit: 1000 }, admin)).items;
    expect(audit.filter((a) => a.actor === 'acct-b/k1')).toEqual([]);
    expect((await check('git reset --hard', 'iso-a1', operatorA)).decision).toBe('deny');
  });

  it('keeps an exception without an account to admins: an operator may not settle it, an admin may', async () => {
    const ref = unowned.shortCode!;
    expect(await failure(request(nc, dcgRpcs.deny, { ref, decidedBy: 'acct-a/k1' }, operatorA))).toBe('FORBIDDEN');
    expect((await pending(ref))?.status).toBe('pending');
    expect((await request(nc, dcgRpcs.deny, { ref, decidedBy: 'ops/root' }, admin)).status).toBe('denied');
  });

  it('lets acct-a’s operator approve its own exception once (not always: that is global policy), and the grant stays in acct-a', async () => {
    const ref = denyA.shortCode!;
    expect(await failure(request(nc, dcgRpcs.approve, { ref, grant: 'always', decidedBy: 'acct-a/k1' }, operatorA))).toBe('FORBIDDEN');
    expect((await pending(ref))?.status).toBe('pending');
    expect((await request(nc, dcgRpcs.approve, { ref, grant: 'once', decidedBy: 'acct-a/k1' }, operatorA)).status).toBe('approved');
    expect((await check('git reset --hard', 'iso-a1', operatorB)).decision).toBe('deny');
    expect((await check('git reset --hard', 'iso-a1', operatorA)).decision).toBe('allow');
  });
});
