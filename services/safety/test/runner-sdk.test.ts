import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startService, type RunningService } from '@flywheel/kit';
import { waitFor } from '@flywheel/kit/testing';
import { startScriptedModel, type ScriptedModel } from '@flywheel/scripted-model';
import { AgentRunnerDefinition } from '../../agent-runner/src/service.ts';
import { startStack, type Stack } from './helpers/stack.ts';
import { repoWithUncommittedWork } from './helpers/git-repo.ts';
import { claudeEnv, MODEL } from './helpers/claude.ts';

describe('end to end: agent-runner sdk driver → svc.safety.guard', () => {
  let s: Stack;
  let model: ScriptedModel;
  let runner: RunningService;
  beforeAll(async () => {
    s = await startStack();
    model = await startScriptedModel();
    runner = await startService(AgentRunnerDefinition, {
      NATS_URL: s.nats.url, DATA_DIR: s.tmp('fw-runner-'), RUNNER_ID: 'r-safety', INSTANCE_ID: 'r-safety', LOG_LEVEL: 'silent', TMUX_SOCKET: `fwsafety-${process.pid}`,
    });
  });
  afterAll(async () => {
    await runner?.stop();
    await model?.close();
    await s?.stop();
  });

  it('an agent spawned by REST is denied git reset --hard by the safety service; its work stays', async () => {
    const repo = s.tmp('fw-runner-repo-');
    const { isIntact } = repoWithUncommittedWork(repo);
    model.setScript('runner-deny', [
      { model: MODEL, content: [{ type: 'tool_use', name: 'Bash', input: { command: 'git reset --hard', description: 'reset' } }] },
      { model: MODEL, content: [{ type: 'text', text: 'The guard said no.' }] },
    ]);
    const spawn = await s.http('POST', '/agents', { driver: 'sdk', workingDirectory: repo, model: MODEL, prompt: 'discard my changes', env: claudeEnv(model.url, 'runner-deny', s.tmp('fw-runner-home-')) });
    expect(spawn.status, JSON.stringify(spawn.body)).toBe(201);
    const id = spawn.body.id as string;
    const denied = await waitFor(async () => (await s.http('GET', `/dcg/decisions?agentId=${id}&decision=deny`)).body.items[0], { what: 'deny decision', timeoutMs: 60_000 });
    expect(denied).toMatchObject({ source: 'guard', tool: 'Bash', ruleId: 'core.git:reset-hard' });
    await waitFor(async () => (await s.http('GET', `/agents/${id}`)).body.state === 'ready', { what: 'turn finished', timeoutMs: 30_000 });
    expect(isIntact()).toBe(true);
    await s.http('DELETE', `/agents/${id}`);
  }, 90_000);
});
