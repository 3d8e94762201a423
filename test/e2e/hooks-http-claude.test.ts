import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentCredentialRpcs, dcgEvent, type DcgDecision } from '@flywheel/contracts';
import { request, subscribe } from '@flywheel/kit';
import { testLogger } from '@flywheel/kit/testing';
import { startScriptedModel, type ScriptedModel } from '@flywheel/scripted-model';
import { startStack, type Stack } from '../support/index.ts';
import { repoWithUncommittedWork } from './helpers/git-repo.ts';
import { CLAUDE_BIN, claudeProcessEnv, GUARD_BIN, MODEL, run } from './helpers/agent-cli.ts';

const KEY = 'http-hook-acceptance';
const AGENT = 'cc-http';
const pre = (command: string) => ({
  hook_event_name: 'PreToolUse',
  session_id: 's-1',
  transcript_path: '/tmp/t.jsonl',
  permission_mode: 'default',
  cwd: '/tmp',
  tool_name: 'Bash',
  tool_input: { command },
  tool_use_id: 'toolu_1',
});

describe('POST /api/v1/hooks/claude-code: the guard as a Claude Code HTTP hook', () => {
  let s: Stack;
  let model: ScriptedModel;
  let token: string;
  beforeAll(async () => {
    s = await startStack({ services: ['coordination', 'safety', 'gateway-api'] });
    model = await startScriptedModel();
    ({ token } = await request(s.nc, agentCredentialRpcs.mint, { agentId: AGENT, accountId: 'acct-a' }));
  });
  afterAll(async () => {
    await model?.close();
    await s?.stop();
  });

  it("answers Claude Code's hook JSON: a deny with the reason, {} to allow; agent credentials and operators only", async () => {
    const denied = await s.http('POST', '/hooks/claude-code', pre('git reset --hard'), { key: token });
    expect(denied.status, denied.text).toBe(200);
    expect(denied.body.hookSpecificOutput).toMatchObject({
      hookEventName: 'PreToolUse',
      permissionDecision: 'deny',
      permissionDecisionReason: expect.stringContaining('core.git:reset-hard'),
    });
    expect((await s.http('POST', '/hooks/claude-code', pre('ls'), { key: token })).body).toEqual({});
    expect((await s.http('POST', '/hooks/claude-code', { ...pre('ls'), hook_event_name: 'PostToolUse' })).body).toEqual({});
    const byOperator = await s.http('POST', '/hooks/claude-code', pre('rm -rf /'));
    expect(byOperator.body.hookSpecificOutput.permissionDecision).toBe('deny');
    expect((await s.http('POST', '/hooks/claude-code', pre('ls'), { as: 'viewer' })).status).toBe(403);
    expect((await s.http('POST', '/hooks/claude-code', pre('ls'), { key: null })).status).toBe(401);
    expect((await s.http('POST', '/hooks/claude-code', { tool_name: 7 })).status).toBe(400);
  });

  it('a worktree agent’s credential carries its worktree: its writes outside it are denied, inside allowed; the root is not taken from the body', async () => {
    const root = s.tmp('fw-http-hook-tree-');
    const { token: treeToken } = await request(s.nc, agentCredentialRpcs.mint, { agentId: 'cc-tree', accountId: 'acct-a', isolationRoot: root });
    const write = (file_path: string, extra: Record<string, unknown> = {}) => ({
      ...pre('ls'),
      cwd: root,
      tool_name: 'Write',
      tool_input: { file_path, content: 'x\n' },
      ...extra,
    });
    const outside = await s.http('POST', '/hooks/claude-code', write('/tmp/elsewhere/notes.md'), { key: treeToken });
    expect(outside.status, outside.text).toBe(200);
    expect(outside.body.hookSpecificOutput?.permissionDecision).toBe('deny');
    expect(outside.body.hookSpecificOutput.permissionDecisionReason).toContain('worktree');
    expect((await s.http('POST', '/hooks/claude-code', write(join(root, 'src', 'a.ts')), { key: treeToken })).body).toEqual({});
    // The shell's writes too: a redirect outside the tree.
    const redirect = await s.http('POST', '/hooks/claude-code', { ...pre('echo hi > /tmp/elsewhere/out.txt'), cwd: root }, { key: treeToken });
    expect(redirect.body.hookSpecificOutput?.permissionDecision).toBe('deny');
    // A credential without a tree (the first agent's) is not limited by one.
    expect((await s.http('POST', '/hooks/claude-code', write('/tmp/elsewhere/notes.md'), { key: token })).body).toEqual({});
    // Minting again (a restart) keeps the root with the new credential and ends the old one.
    const { token: again } = await request(s.nc, agentCredentialRpcs.mint, { agentId: 'cc-tree', accountId: 'acct-a', isolationRoot: root });
    expect((await s.http('POST', '/hooks/claude-code', write('/tmp/elsewhere/notes.md'), { key: again })).body.hookSpecificOutput?.permissionDecision).toBe(
      'deny',
    );
    expect((await s.http('POST', '/hooks/claude-code', write('/tmp/elsewhere/notes.md'), { key: treeToken })).status).toBe(401);
  });

  it('a real Claude Code with the installed HTTP hook is denied git reset --hard (work intact, decision recorded for the agent) and allowed ls', async () => {
    model.setScript(KEY, [
      { model: MODEL, content: [{ type: 'tool_use', name: 'Bash', input: { command: 'git reset --hard', description: 'reset' } }] },
      { model: MODEL, content: [{ type: 'tool_use', name: 'Bash', input: { command: 'ls', description: 'list' } }] },
      { model: MODEL, content: [{ type: 'text', text: 'Listed; the reset was refused.' }] },
    ]);
    const repo = s.tmp('fw-http-hook-repo-');
    const { isIntact } = repoWithUncommittedWork(repo);
    const env = {
      ...claudeProcessEnv(model.url, KEY, s.tmp('fw-http-hook-home-')),
      FLYWHEEL_AGENT_ID: AGENT,
      FLYWHEEL_AGENT_TOKEN: token,
      FLYWHEEL_GATEWAY_URL: s.url,
    };

    // The gateway answers an allowed `ls` itself and safety stores it just after: await its decision event.
    let sawLs!: (d: DcgDecision) => void;
    const lsRecorded = new Promise<DcgDecision>((r) => (sawLs = r));
    const events = subscribe(
      s.nc,
      dcgEvent,
      (e) => {
        if (e.type === 'decision' && e.decision.agentId === AGENT && e.decision.command === 'ls') sawLs(e.decision);
      },
      { logger: testLogger() },
    );

    const install = await run(process.execPath, [GUARD_BIN, 'install', '--project', repo], { cwd: repo, env });
    expect(install.stdout, install.stderr).toContain('installed the PreToolUse HTTP hook');
    const settings = readFileSync(join(repo, '.claude', 'settings.json'), 'utf8');
    expect(settings).toContain(`${s.url}/api/v1/hooks/claude-code`);
    expect(settings).not.toContain(token);

    const cc = await run(
      CLAUDE_BIN,
      ['-p', 'throw away my changes, then list', '--output-format', 'stream-json', '--verbose', '--dangerously-skip-permissions', '--model', MODEL],
      { cwd: repo, env, timeoutMs: 90_000 },
    );
    expect(cc.code, cc.stderr).toBe(0);
    expect(isIntact()).toBe(true);
    const results = cc.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string })
      .filter((l) => l.type === 'user')
      .map((l) => JSON.stringify(l));
    expect(results[0]).toContain('core.git:reset-hard');
    expect(results[1]).toContain('work.txt');
    expect(model.scriptStatus()[KEY]?.served).toBe(3);
    await lsRecorded;
    events.stop();

    const decisions = (await s.http('GET', `/dcg/decisions?agentId=${AGENT}`)).body.items as Array<{
      decision: string;
      command: string;
      source: string;
      accountId?: string;
    }>;
    expect(decisions.find((d) => d.command === 'git reset --hard')).toMatchObject({ decision: 'deny', source: 'hook', accountId: 'acct-a' });
    expect(decisions.find((d) => d.command === 'ls')).toMatchObject({ decision: 'allow', source: 'hook' });
  }, 120_000);
});
