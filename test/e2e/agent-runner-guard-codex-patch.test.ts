/**
 * Codex's apply_patch through the PreToolUse hook the codex driver installs, end to end: Codex 0.169 offers apply_patch
 * as a free-form (custom) tool, and the scripted model answers a call to it as a custom_tool_call (a function_call to
 * it is not run: Codex answers "aborted"). The hook sees the patch: a worktree agent's patch onto a file outside its
 * worktree is denied (isolation), one onto a path another agent of the project reserved is denied (coordination), one
 * inside and unreserved is applied.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '@flywheel/kit/testing';
import type { ScriptedModel } from '@flywheel/scripted-model';
import type { Stack } from '../support/index.ts';
import { startWithModel, stopWithModel } from './helpers/model-stack.ts';
import { waitEvent, waitState } from './helpers/agent-events.ts';
import { CODEX_BIN } from './helpers/agent-cli.ts';

const KEY = 'guard-codex-patch';
const ID = { GIT_AUTHOR_NAME: 'user', GIT_AUTHOR_EMAIL: 'u@u', GIT_COMMITTER_NAME: 'user', GIT_COMMITTER_EMAIL: 'u@u' };
const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, stdio: 'pipe', env: { ...process.env, ...ID } }).toString();
const addFile = (path: string, line: string) => ({ input: `*** Begin Patch\n*** Add File: ${path}\n+${line}\n*** End Patch\n` });

describe('codex apply_patch passes the guard through the PreToolUse hook', () => {
  let s: Stack;
  let model: ScriptedModel;
  beforeAll(async () => {
    ({ model, h: s } = await startWithModel({
      services: [
        'safety',
        { name: 'coordination', env: { UNMERGED_SCAN_MS: '0' } },
        'gateway-api',
        { name: 'agent-runner', id: 'r-codex-patch', env: { CODEX_PATH: CODEX_BIN, CODEX_SANDBOX: 'workspace-write', TMUX_POLL_MS: '50' } },
      ],
    }));
  }, 60_000);
  afterAll(() => stopWithModel(s, model));

  it('a patch outside the worktree and one onto another agent’s reservation are denied; one inside is applied', async () => {
    const repo = s.tmp('fw-codex-patch-repo-');
    git(repo, 'init', '-q', '-b', 'trunk');
    writeFileSync(join(repo, 'README.md'), '# project\n');
    git(repo, 'add', 'README.md');
    git(repo, 'commit', '-qm', 'init');
    const escaped = join(repo, 'escaped.txt');

    // Another agent of the project (in place) holds src/**.
    const holder = (await s.http('POST', '/agents', { driver: 'tmux', name: 'holder', workingDirectory: repo, command: ['sh'], env: { PS1: '$ ' } })).body
      .id as string;
    await waitState(s, holder, 'ready');
    await waitFor(async () => (await s.http('POST', '/reservations', { agentId: holder, patterns: ['src/**'] })).status === 201, { what: 'the reservation' });

    model.setScript(KEY, [
      { content: [{ type: 'tool_use', name: 'apply_patch', input: addFile(escaped, 'out of bounds') }] },
      { content: [{ type: 'tool_use', name: 'apply_patch', input: addFile('src/held.ts', 'export const x = 1;') }] },
      { content: [{ type: 'tool_use', name: 'apply_patch', input: addFile('notes.txt', 'mine') }] },
      { content: [{ type: 'text', text: 'Done patching.' }] },
    ]);
    const home = s.tmp('fw-codex-patch-home-');
    writeFileSync(
      join(home, 'config.toml'),
      [
        'model = "gpt-5.5"',
        'model_provider = "scripted"',
        '[model_providers.scripted]',
        'name = "Scripted"',
        `base_url = "${model.url}/v1"`,
        'wire_api = "responses"',
        'env_key = "SCRIPTED_API_KEY"',
        '',
      ].join('\n'),
    );
    const spawn = await s.http('POST', '/agents', {
      driver: 'codex',
      name: 'patcher',
      isolation: 'worktree',
      workingDirectory: repo,
      model: 'gpt-5.5',
      prompt: 'patch the files',
      env: { CODEX_HOME: home, HOME: home, SCRIPTED_API_KEY: KEY },
    });
    expect(spawn.status, spawn.text).toBe(201);
    const id = spawn.body.id as string;
    const wt = spawn.body.worktree.path as string;

    await waitEvent(s, id, (e) => e.type === 'output' && e.text === 'Done patching.', 'the turn after the patches', 120_000);
    expect(existsSync(escaped)).toBe(false);
    expect(existsSync(join(wt, 'src', 'held.ts'))).toBe(false);
    expect(readFileSync(join(wt, 'notes.txt'), 'utf8')).toBe('mine\n');

    const decisions = (await s.http('GET', `/dcg/decisions?agentId=${id}`)).body.items as { tool: string; decision: string; ruleId?: string; source: string }[];
    expect(decisions.map((d) => [d.source, d.tool, d.decision, d.ruleId ?? null]).sort((a, b) => String(a[3]).localeCompare(String(b[3])))).toEqual([
      ['hook', 'apply_patch', 'deny', 'coordination:reserved'],
      ['hook', 'apply_patch', 'deny', 'isolation:outside-worktree'],
      ['hook', 'apply_patch', 'allow', null],
    ]);
    // Each deny reached the model as the tool's output, with the guard's reason.
    const outputs = model
      .requests()
      .filter((r) => r.key === KEY)
      .slice(1)
      .map((r) => JSON.stringify((r.body as { input: unknown[] }).input.at(-1)));
    expect(outputs[0]).toContain('outside this agent');
    expect(outputs[1]).toContain('reserved by agent');
    expect(outputs[2]).toContain('Success');

    await waitState(s, id, 'ready');
    await s.http('DELETE', `/agents/${id}`);
    await s.http('DELETE', `/agents/${holder}`);
  }, 180_000);
});
