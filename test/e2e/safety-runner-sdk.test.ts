import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '@flywheel/kit/testing';
import { startScriptedModel, type ScriptedModel } from '@flywheel/scripted-model';
import { startStack, type Stack } from '../support/index.ts';
import { repoWithUncommittedWork } from './helpers/git-repo.ts';
import { claudeProcessEnv, MODEL } from './helpers/agent-cli.ts';

describe('end to end: agent-runner sdk driver → svc.safety.guard', () => {
  let s: Stack;
  let model: ScriptedModel;
  beforeAll(async () => {
    s = await startStack({ services: ['safety', 'gateway-api', { name: 'agent-runner', id: 'r-safety' }] });
    model = await startScriptedModel();
  });
  afterAll(async () => {
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
    const spawn = await s.http('POST', '/agents', {
      driver: 'sdk',
      workingDirectory: repo,
      model: MODEL,
      prompt: 'discard my changes',
      env: claudeProcessEnv(model.url, 'runner-deny', s.tmp('fw-runner-home-')),
    });
    expect(spawn.status, JSON.stringify(spawn.body)).toBe(201);
    const id = spawn.body.id as string;
    const denied = await waitFor(async () => (await s.http('GET', `/dcg/decisions?agentId=${id}&decision=deny`)).body.items[0], {
      what: 'deny decision',
      timeoutMs: 60_000,
    });
    expect(denied).toMatchObject({ source: 'guard', tool: 'Bash', ruleId: 'core.git:reset-hard' });
    await waitFor(async () => (await s.http('GET', `/agents/${id}`)).body.state === 'ready', { what: 'turn finished', timeoutMs: 30_000 });
    expect(isIntact()).toBe(true);
    await s.http('DELETE', `/agents/${id}`);
  }, 90_000);
});
