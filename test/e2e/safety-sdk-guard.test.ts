import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startScriptedModel, type ScriptedModel } from '@flywheel/scripted-model';
import type { DcgEvent } from '@flywheel/contracts';
import { startStack, type Stack } from '../support/index.ts';
import { watchDcg } from './helpers/dcg-events.ts';
import { repoWithUncommittedWork } from './helpers/git-repo.ts';
import { claudeProcessEnv, MODEL } from './helpers/agent-cli.ts';
import { guardedCanUseTool, runSdkAgent } from './helpers/sdk-agent.ts';

const bash = (command: string) => ({ model: MODEL, content: [{ type: 'tool_use' as const, name: 'Bash', input: { command, description: 'run' } }] });
const text = (t: string) => ({ model: MODEL, content: [{ type: 'text' as const, text: t }] });
const ASK_PACK = JSON.stringify({
  id: 'test.held',
  name: 'Held files',
  description: 'touch held-* needs a human',
  keywords: ['held-'],
  rules: [{ id: 'touch-held', severity: 'medium', action: 'ask', explanation: 'Creating held-* files needs a human.', pattern: 'touch\\s+held-' }],
});

describe('real Agent SDK with canUseTool → guardRpc (two safety instances, one SQLite)', () => {
  // The guard calls here name no account: their decisions and exceptions are an admin's to see and settle.
  const asAdmin = { as: 'admin' as const };
  const by = (account: string) => expect.stringMatching(new RegExp(`^${account}/`));
  let s: Stack;
  let dcg: ReturnType<typeof watchDcg>;
  let model: ScriptedModel;
  beforeAll(async () => {
    const env = { APPROVAL_TIMEOUT_MS: '2500' };
    const safety = { ...env, COORDINATION_CHECK: 'off' };
    s = await startStack({ services: [{ name: 'safety', env: safety }, { name: 'safety', env: safety }, 'gateway-api'], sharedDataDir: true });
    dcg = watchDcg(s.nc);
    model = await startScriptedModel();
    const upload = await s.http('POST', '/dcg/packs', { format: 'json', content: ASK_PACK });
    expect(upload.status).toBe(201);
  });
  afterAll(async () => {
    await model?.close();
    dcg?.stop();
    await s?.stop();
  });

  it('denies git reset --hard with the reason shown to the agent; the work is intact; the decision is stored and published', async () => {
    const repo = s.tmp('fw-sdk-repo-');
    const { isIntact } = repoWithUncommittedWork(repo);
    model.setScript('sdk-deny', [bash('git reset --hard'), text('Blocked, leaving it.')]);
    const msgs = await runSdkAgent({
      prompt: 'discard my changes',
      cwd: repo,
      model: MODEL,
      env: claudeProcessEnv(model.url, 'sdk-deny', s.tmp('fw-sdk-home-')),
      canUseTool: guardedCanUseTool(s.nc, 'sdk-a1', repo),
    });
    expect(msgs.at(-1)).toMatchObject({ type: 'result' });
    expect(isIntact()).toBe(true);
    expect(JSON.stringify(msgs.filter((m) => m.type === 'user'))).toContain('core.git:reset-hard');
    const { body } = await s.http('GET', '/dcg/decisions?agentId=sdk-a1', undefined, asAdmin);
    expect(body.items).toEqual([expect.objectContaining({ source: 'guard', tool: 'Bash', decision: 'deny', ruleId: 'core.git:reset-hard' })]);
    await dcg.waitEvent((e) => e.type === 'decision' && e.decision.id === body.items[0].id, 'deny on system.dcg');
  }, 60_000);

  it('holds an ask rule: approved by REST → the tool runs; denied → it does not; no answer → denied at the timeout', async () => {
    const cwd = s.tmp('fw-sdk-ask-');
    model.setScript('sdk-ask', [bash('touch held-approved'), bash('touch held-denied'), bash('touch held-timeout'), text('done')]);
    const pending = (cmd: string) => (e: DcgEvent) => e.type === 'exception' && e.exception.status === 'pending' && e.exception.command === cmd;
    const agent = runSdkAgent({
      prompt: 'make the files',
      cwd,
      model: MODEL,
      env: claudeProcessEnv(model.url, 'sdk-ask', s.tmp('fw-sdk-home-')),
      canUseTool: guardedCanUseTool(s.nc, 'sdk-a2', cwd),
    });

    const a = await dcg.waitEvent(pending('touch held-approved'), 'first held call', 30_000);
    const approved = await s.http(
      'POST',
      `/dcg/exceptions/${a.type === 'exception' ? a.exception.shortCode : ''}/approve`,
      { grant: 'once' },
      { as: 'admin', account: 'alice' },
    );
    expect(approved.body).toMatchObject({ status: 'approved', grant: 'once', decidedBy: by('alice'), live: true });
    const b = await dcg.waitEvent(pending('touch held-denied'), 'second held call', 30_000);
    const denied = await s.http(
      'POST',
      `/dcg/exceptions/${b.type === 'exception' ? b.exception.id : ''}/deny`,
      { note: 'not today' },
      { as: 'admin', account: 'bob' },
    );
    expect(denied.body).toMatchObject({ status: 'denied', decidedBy: by('bob') });
    expect(
      (await s.http('POST', `/dcg/exceptions/${b.type === 'exception' ? b.exception.id : ''}/approve`, { grant: 'once' }, { as: 'admin', account: 'eve' }))
        .status,
    ).toBe(409);
    await dcg.waitEvent(pending('touch held-timeout'), 'third held call', 30_000);
    await agent;

    expect(existsSync(join(cwd, 'held-approved'))).toBe(true);
    expect(existsSync(join(cwd, 'held-denied'))).toBe(false);
    expect(existsSync(join(cwd, 'held-timeout'))).toBe(false);
    const { body } = await s.http('GET', '/dcg/decisions?agentId=sdk-a2', undefined, asAdmin);
    expect(body.items.map((d: { command: string; decision: string; ruleAction: string }) => [d.command, d.decision, d.ruleAction])).toEqual([
      ['touch held-timeout', 'deny', 'ask'],
      ['touch held-denied', 'deny', 'ask'],
      ['touch held-approved', 'allow', 'ask'],
    ]);
    const exc = (await s.http('GET', '/dcg/exceptions?agentId=sdk-a2', undefined, asAdmin)).body.items as { command: string; status: string }[];
    expect(Object.fromEntries(exc.map((e) => [e.command, e.status]))).toEqual({
      'touch held-approved': 'approved',
      'touch held-denied': 'denied',
      'touch held-timeout': 'expired',
    });
    const audit = (await s.http('GET', '/dcg/audit')).body.items as { actor: string; action: string }[];
    expect(audit.filter((e) => e.action.startsWith('exception.')).map((e) => `${e.actor.split('/')[0]}:${e.action}`)).toEqual([
      'bob:exception.deny',
      'alice:exception.approve',
    ]);
  }, 90_000);
});
