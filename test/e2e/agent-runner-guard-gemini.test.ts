/**
 * A real Gemini CLI (0.61.0, `--experimental-acp`, default approval mode) through the acp driver against the scripted
 * model and the real safety service: its shell calls reach the guard by their command (the permission request carries
 * it only as the title; acp-tool-call.ts rebuilds `{command}`), so `git reset --hard` over uncommitted work is denied
 * by the core git rule and `ls` is allowed, each decision recorded with the agent id and the command; its file writes
 * reach coordination's write check by their path (a write_file onto another agent's reservation is denied).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { waitFor } from '@flywheel/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScriptedModel } from '@flywheel/scripted-model';
import type { Stack } from '../support/index.ts';
import { startWithModel, stopWithModel } from './helpers/model-stack.ts';
import { allEvents, waitEvent, waitState } from './helpers/agent-events.ts';
import { geminiAgent, geminiHome } from './helpers/gemini-cli.ts';
import { repoWithUncommittedWork } from './helpers/git-repo.ts';

const KEY = 'guard-gemini';

describe('Gemini CLI shell calls pass the guard by their real command', () => {
  let s: Stack;
  let model: ScriptedModel;
  beforeAll(async () => {
    ({ model, h: s } = await startWithModel({
      services: [
        'safety',
        { name: 'coordination', env: { UNMERGED_SCAN_MS: '0' } },
        'gateway-api',
        { name: 'agent-runner', id: 'r-gemini-guard', env: { TMUX_POLL_MS: '50' } },
      ],
    }));
  }, 60_000);
  afterAll(() => stopWithModel(s, model));

  it('git reset --hard over uncommitted work is denied (work intact), ls is allowed; both decisions name the agent and the command', async () => {
    model.setScript(KEY, [
      { content: [{ type: 'tool_use', name: 'run_shell_command', input: { command: 'git reset --hard', description: 'discard the changes' } }] },
      { content: [{ type: 'tool_use', name: 'run_shell_command', input: { command: 'ls', description: 'list the files' } }] },
      { content: [{ type: 'text', text: 'The guard kept the work.' }] },
    ]);
    const repo = s.tmp('fw-guard-gemini-repo-');
    const { isIntact } = repoWithUncommittedWork(repo);
    const home = geminiHome(s.tmp('fw-guard-gemini-home-'));
    const spawn = await s.http('POST', '/agents', { ...geminiAgent(model.url, KEY, home), workingDirectory: repo, prompt: 'throw away my changes' });
    expect(spawn.status, spawn.text).toBe(201);
    const id = spawn.body.id as string;

    await waitEvent(
      s,
      id,
      (e) => e.type === 'output' && e.stream === 'assistant' && e.text.includes('The guard kept the work.'),
      'the reply after both calls',
      120_000,
    );
    await waitState(s, id, 'ready', 30_000);
    expect(isIntact()).toBe(true);

    const decisions = (await s.http('GET', `/dcg/decisions?agentId=${id}`)).body.items as {
      agentId: string;
      command?: string;
      decision: string;
      ruleId?: string;
    }[];
    expect(decisions.map((d) => [d.agentId, d.command, d.decision]).sort()).toEqual([
      [id, 'git reset --hard', 'deny'],
      [id, 'ls', 'allow'],
    ]);
    expect(decisions.find((d) => d.decision === 'deny')?.ruleId).toBe('core.git:reset-hard');

    // The events name the calls by the CLI's tool and command: the denied one ends in error with the guard's reason, ls ran.
    const events = await allEvents(s, id);
    const starts = events.flatMap((e) => (e.type === 'tool_call_start' ? [[e.tool, e.input]] : []));
    expect(starts).toEqual([
      ['run_shell_command', { command: 'git reset --hard', dir_path: repo, description: 'discard the changes' }],
      ['run_shell_command', { command: 'ls', dir_path: repo, description: 'list the files' }],
    ]);
    const ends = events.flatMap((e) => (e.type === 'tool_call_end' ? [[e.tool, e.isError]] : []));
    expect(ends).toEqual([
      ['run_shell_command', true],
      ['run_shell_command', false],
    ]);
    expect(events.some((e) => e.type === 'error' && e.error.code === 'BLOCKED_BY_POLICY' && e.error.message.includes('reset'))).toBe(true);
    // What Gemini CLI told the model about the denied call, then ls's listing (work.txt is in the tree).
    const bodies = model
      .requests()
      .filter((r) => r.key === KEY && r.kind === 'main')
      .map((r) => JSON.stringify(r.body));
    expect(bodies[1]).toContain('canceled by the user');
    expect(bodies[2]).toContain('work.txt');
    expect((await s.http('DELETE', `/agents/${id}`)).body.state).toBe('terminated');
  }, 180_000);

  it('a write_file onto a path another agent of the project reserved is denied by coordination; one beside it is written', async () => {
    const key = `${KEY}-write`;
    const repo = s.tmp('fw-guard-gemini-write-');
    repoWithUncommittedWork(repo);
    const holder = (await s.http('POST', '/agents', { driver: 'tmux', name: 'holder', workingDirectory: repo, command: ['sh'], env: { PS1: '$ ' } })).body
      .id as string;
    await waitState(s, holder, 'ready');
    await waitFor(async () => (await s.http('POST', '/reservations', { agentId: holder, patterns: ['src/**'] })).status === 201, { what: 'the reservation' });
    model.setScript(key, [
      { content: [{ type: 'tool_use', name: 'write_file', input: { file_path: 'src/held.ts', content: 'export const x = 1;\n' } }] },
      { content: [{ type: 'tool_use', name: 'write_file', input: { file_path: 'notes.txt', content: 'mine\n' } }] },
      { content: [{ type: 'text', text: 'Wrote what I could.' }] },
    ]);
    const home = geminiHome(s.tmp('fw-guard-gemini-write-home-'));
    const spawn = await s.http('POST', '/agents', { ...geminiAgent(model.url, key, home), workingDirectory: repo, prompt: 'write the files' });
    expect(spawn.status, spawn.text).toBe(201);
    const id = spawn.body.id as string;
    await waitEvent(
      s,
      id,
      (e) => e.type === 'output' && e.stream === 'assistant' && e.text.includes('Wrote what I could.'),
      'the reply after both writes',
      120_000,
    );
    expect(existsSync(join(repo, 'src', 'held.ts'))).toBe(false);
    expect(existsSync(join(repo, 'notes.txt'))).toBe(true);
    const decisions = (await s.http('GET', `/dcg/decisions?agentId=${id}`)).body.items as {
      tool: string;
      decision: string;
      ruleId?: string;
      reason?: string;
    }[];
    expect(decisions.map((d) => [d.tool, d.decision, d.ruleId ?? null]).sort()).toEqual([
      ['write_file', 'allow', null],
      ['write_file', 'deny', 'coordination:reserved'],
    ]);
    expect(decisions.find((d) => d.decision === 'deny')?.reason).toContain(`reserved by agent ${holder}`);
    await s.http('DELETE', `/agents/${id}`);
    await s.http('DELETE', `/agents/${holder}`);
  }, 180_000);
});
