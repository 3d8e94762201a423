import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '@flywheel/kit/testing';
import type { ScriptedModel } from '@flywheel/scripted-model';
import type { Stack } from '../support/index.ts';
import { allEvents, waitEvent, waitState } from './helpers/agent-events.ts';
import { repoWithUncommittedWork } from './helpers/git-repo.ts';
import { SAFETY_ALONE, startWithModel, stopWithModel } from './helpers/model-stack.ts';
import { CLAUDE_BIN, CODEX_BIN, CODEX_RUNNER_ENV, claudeEnv, codexConfig, codexEnv, codexHome, MODEL } from './helpers/agent-cli.ts';

const CODEX_KEY = 'guard-hook-codex';
const CLAUDE_KEY = 'guard-hook-claude';

interface Decision {
  agentId: string;
  accountId?: string;
  decision: string;
  command?: string;
  source: string;
  ruleId?: string;
}

describe('codex and tmux agents pass the guard through the hooks the runner installs', () => {
  let s: Stack;
  let model: ScriptedModel;
  let dataDir: string;
  beforeAll(async () => {
    ({ h: s, model } = await startWithModel({ services: [SAFETY_ALONE, 'gateway-api', { name: 'agent-runner', id: 'r-hooks', env: CODEX_RUNNER_ENV }] }));
    dataDir = s.dataDir('r-hooks');
  });
  afterAll(() => stopWithModel(s, model));

  const decisionsOf = async (agentId: string): Promise<Decision[]> => (await s.http('GET', `/dcg/decisions?agentId=${agentId}`)).body.items;

  it('codex driver: git reset --hard is denied by the PreToolUse hook in its own CODEX_HOME; work intact; decision recorded for the agent', async () => {
    model.setScript(CODEX_KEY, [
      { content: [{ type: 'tool_use', name: 'exec_command', input: { cmd: 'git reset --hard' } }] },
      { content: [{ type: 'text', text: 'The guard refused.' }] },
    ]);
    const repo = s.tmp('fw-guard-codex-repo-');
    const { isIntact } = repoWithUncommittedWork(repo);
    const userHome = s.tmp('fw-guard-codex-home-');
    const config = codexConfig(model.url);
    writeFileSync(join(userHome, 'config.toml'), config);

    const spawn = await s.http('POST', '/agents', {
      driver: 'codex',
      workingDirectory: repo,
      model: 'gpt-5.5',
      prompt: 'discard my changes',
      env: codexEnv(userHome, CODEX_KEY),
    });
    expect(spawn.status, spawn.text).toBe(201);
    const id = spawn.body.id as string;
    expect(spawn.body).toMatchObject({ guard: 'guarded' });
    expect(spawn.body.guardNote).toBeUndefined();

    await waitEvent(s, id, (e) => e.type === 'output' && e.text === 'The guard refused.', 'the turn after the deny', 90_000);
    expect(isIntact()).toBe(true);
    // The deny reached the model as the tool's result, with the guard's reason.
    const toolResult = JSON.stringify((model.requests().filter((r) => r.key === CODEX_KEY)[1]?.body as { input: unknown[] }).input.at(-1));
    expect(toolResult).toContain('core.git:reset-hard');
    const decisions = await decisionsOf(id);
    expect(decisions).toEqual([expect.objectContaining({ agentId: id, accountId: 'acct-a', source: 'hook', command: 'git reset --hard', decision: 'deny' })]);
    // The user's CODEX_HOME was read, not written: the hook lives in the agent's own.
    expect(readFileSync(join(userHome, 'config.toml'), 'utf8')).toBe(config);
    expect(existsSync(join(userHome, 'hooks.json'))).toBe(false);
    expect(existsSync(join(dataDir, 'agent-homes', id, 'codex', 'hooks.json'))).toBe(true);

    await waitState(s, id, 'ready');
    expect((await s.http('DELETE', `/agents/${id}`)).body.state).toBe('terminated');
    expect(existsSync(join(dataDir, 'agent-homes', id))).toBe(false);
  }, 120_000);

  it('tmux driver: Claude Code in the pane is denied git reset --hard through the hook the runner passes it; work intact; user settings untouched', async () => {
    model.setScript(CLAUDE_KEY, [
      { model: MODEL, content: [{ type: 'tool_use', name: 'Bash', input: { command: 'git reset --hard', description: 'reset' } }] },
      { model: MODEL, content: [{ type: 'text', text: 'The guard stopped me.' }] },
    ]);
    const repo = s.tmp('fw-guard-tmux-repo-');
    const { isIntact } = repoWithUncommittedWork(repo);
    const home = s.tmp('fw-guard-tmux-home-');
    const env = claudeEnv(model.url, CLAUDE_KEY, home);
    // The user's own settings, in the tree and in the home: compared byte for byte afterwards.
    const userFiles = {
      [join(repo, '.claude', 'settings.json')]: '{\n  "permissions": { "allow": ["Bash(ls:*)"] }\n}\n',
      [join(home, '.claude', 'settings.json')]: '{\n  "skipDangerousModePermissionPrompt": true\n}',
    };
    mkdirSync(join(repo, '.claude'));
    mkdirSync(join(home, '.claude'));
    for (const [f, text] of Object.entries(userFiles)) writeFileSync(f, text);
    // A Claude Code the user has already set up: onboarding done, this folder trusted, the API key approved.
    writeFileSync(
      join(home, '.claude', '.claude.json'),
      JSON.stringify({
        hasCompletedOnboarding: true,
        bypassPermissionsModeAccepted: true,
        customApiKeyResponses: { approved: [CLAUDE_KEY.slice(-20)], rejected: [] },
        projects: { [repo]: { hasTrustDialogAccepted: true, allowedTools: [] } },
      }),
    );

    const spawn = await s.http('POST', '/agents', {
      driver: 'tmux',
      workingDirectory: repo,
      command: [CLAUDE_BIN, '--model', MODEL, '--dangerously-skip-permissions', 'throw away my changes'],
      env,
    });
    expect(spawn.status, spawn.text).toBe(201);
    const id = spawn.body.id as string;
    expect(spawn.body).toMatchObject({ guard: 'guarded' });

    await waitEvent(s, id, (e) => e.type === 'output' && e.text.includes('The guard stopped me.'), 'the reply after the deny', 90_000);
    expect(isIntact()).toBe(true);
    const toolResult = JSON.stringify((model.requests().filter((r) => r.key === CLAUDE_KEY)[1]?.body as { messages: unknown[] }).messages.at(-1));
    expect(toolResult).toContain('core.git:reset-hard');
    expect(await decisionsOf(id)).toEqual([
      expect.objectContaining({ agentId: id, accountId: 'acct-a', source: 'hook', command: 'git reset --hard', decision: 'deny' }),
    ]);

    // The agent had a gateway credential, so the hook was the gateway's HTTP hook, its key named and not written.
    const args = execFileSync('ps', ['-o', 'args=', '-p', String((await s.http('GET', `/agents/${id}`)).body.pid)]).toString();
    expect(args).toContain(`${s.url}/api/v1/hooks/claude-code`);
    expect(args).toContain('$FLYWHEEL_AGENT_TOKEN');

    expect((await s.http('DELETE', `/agents/${id}`)).body.state).toBe('terminated');
    for (const [f, text] of Object.entries(userFiles)) expect(readFileSync(f, 'utf8'), f).toBe(text);
    expect(existsSync(join(repo, '.claude', 'settings.local.json'))).toBe(false);
    expect((await allEvents(s, id)).some((e) => e.type === 'output' && e.text.includes('The guard stopped me.'))).toBe(true);
  }, 120_000);

  it('tmux driver: a Codex started as the pane command gets its own CODEX_HOME with the hook; git reset --hard denied', async () => {
    const key = `${CODEX_KEY}-tmux`;
    model.setScript(key, [
      { content: [{ type: 'tool_use', name: 'exec_command', input: { cmd: 'git reset --hard' } }] },
      { content: [{ type: 'text', text: 'Refused in tmux.' }] },
    ]);
    const repo = s.tmp('fw-guard-tmux-codex-repo-');
    const { isIntact } = repoWithUncommittedWork(repo);
    const userHome = s.tmp('fw-guard-tmux-codex-home-');
    const spawn = await s.http('POST', '/agents', {
      driver: 'tmux',
      workingDirectory: repo,
      command: [CODEX_BIN, 'exec', '--skip-git-repo-check', '--sandbox', 'workspace-write', 'discard my changes'],
      env: codexHome(userHome, model.url, key),
    });
    expect(spawn.status, spawn.text).toBe(201);
    const id = spawn.body.id as string;
    expect(spawn.body).toMatchObject({ guard: 'guarded' });
    await waitEvent(s, id, (e) => e.type === 'output' && e.text.includes('Refused in tmux.'), 'the reply after the deny', 90_000);
    expect(isIntact()).toBe(true);
    expect(JSON.stringify((model.requests().filter((r) => r.key === key)[1]?.body as { input: unknown[] }).input.at(-1))).toContain('core.git:reset-hard');
    expect(await decisionsOf(id)).toEqual([expect.objectContaining({ agentId: id, source: 'hook', command: 'git reset --hard', decision: 'deny' })]);
    expect(existsSync(join(userHome, 'hooks.json'))).toBe(false);
    // codex exec ends, and with it the pane: the agent's home goes with it.
    await waitFor(() => !existsSync(join(dataDir, 'agent-homes', id)), { what: "the ended pane's CODEX_HOME removed" });
    await s.http('DELETE', `/agents/${id}`);
  }, 120_000);
});
