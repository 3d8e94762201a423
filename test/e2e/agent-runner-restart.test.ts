import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '@flywheel/kit/testing';
import { startScriptedModel, type ScriptedModel } from '@flywheel/scripted-model';
import { pidAlive, startStack, type Stack } from '../support/index.ts';
import { allEvents, waitEvent, waitState } from './helpers/agent-events.ts';
import { claudeEnv } from './helpers/agent-cli.ts';

const MODEL = 'claude-sonnet-4-5-20250929';
const KEY = 'restart-resume';

describe('runner restart: truthful failure, sdk session resumable; no guard → tools denied', () => {
  let h: Stack;
  let model: ScriptedModel;

  beforeAll(async () => {
    model = await startScriptedModel();
    model.setScript(KEY, [
      { model: MODEL, content: [{ type: 'tool_use', name: 'Bash', input: { command: 'echo x > denied.txt', description: 'write' } }] },
      { model: MODEL, content: [{ type: 'text', text: 'first answer' }] },
      { model: MODEL, content: [{ type: 'text', text: 'resumed answer' }] },
    ]);
    h = await startStack({
      services: ['gateway-api', { name: 'agent-runner', id: 'r-restart', mode: 'process', env: { HEARTBEAT_MS: '500', GUARD_TIMEOUT_MS: '300' } }],
    });
    await waitFor(async () => (await h.http('GET', '/fleet')).body?.runners?.length === 1, { timeoutMs: 20_000, what: 'runner up' });
  });
  afterAll(async () => {
    await h?.stop();
    await model?.close();
  });

  it('fails the agent with a reason after kill -9 + restart, and a new agent resumes its session', async () => {
    const cwd = h.tmp('fw-restart-cwd-');
    const agentEnv = claudeEnv(model.url, KEY, h.tmp('fw-restart-home-'));
    const id = (await h.http('POST', '/agents', { driver: 'sdk', workingDirectory: cwd, model: MODEL, prompt: 'remember 42', env: agentEnv })).body
      .id as string;
    await waitEvent(h, id, (e) => e.type === 'output' && e.text === 'first answer', 'first answer', 60_000);
    const denied = (await allEvents(h, id)).find((e) => e.type === 'tool_call_end');
    expect(denied).toMatchObject({ isError: true });
    expect(JSON.stringify(denied)).toMatch(/denied by default/);
    expect(existsSync(join(cwd, 'denied.txt'))).toBe(false);
    await waitState(h, id, 'ready');
    const { sessionId, pid } = (await h.http('GET', `/agents/${id}`)).body;

    await h.kill('r-restart');
    await h.restart('r-restart');
    await waitFor(async () => (await h.http('GET', `/agents/${id}`)).body?.state === 'failed', { timeoutMs: 20_000, what: 'agent failed after restart' });
    const failed = (await h.http('GET', `/agents/${id}`)).body;
    expect(failed.stateReason).toMatch(/runner restarted/);
    expect(failed.stateReason).toContain(`resumable from session ${sessionId}`);
    expect(pidAlive(-pid)).toBe(false);

    const resumed = await h.http('POST', '/agents', {
      driver: 'sdk',
      workingDirectory: cwd,
      model: MODEL,
      prompt: 'what number?',
      env: agentEnv,
      resumeSessionId: sessionId,
    });
    expect(resumed.status).toBe(201);
    await waitEvent(h, resumed.body.id, (e) => e.type === 'output' && e.text === 'resumed answer', 'resumed answer', 60_000);
    const last = model
      .requests()
      .filter((r) => r.key === KEY && r.kind === 'main')
      .at(-1)!;
    expect(JSON.stringify(last.body)).toContain('remember 42');
    await h.http('DELETE', `/agents/${resumed.body.id}`);
  }, 90_000);
});
