import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '@flywheel/kit/testing';
import { startScriptedModel, type ScriptedModel } from '@flywheel/scripted-model';
import { pidAlive, startStack, type Stack } from '../support/index.ts';
import { allEvents } from './helpers/agent-events.ts';
import { claudeEnv, MODEL } from './helpers/agent-cli.ts';

describe('truthful failures: a real Claude Code that cannot authenticate', () => {
  let h: Stack;
  let model: ScriptedModel;
  beforeAll(async () => {
    model = await startScriptedModel();
    h = await startStack({ services: ['gateway-api', { name: 'agent-runner', id: 'r-truth' }, { name: 'safety', env: { COORDINATION_CHECK: 'off' } }] });
  });
  afterAll(async () => {
    await h?.stop();
    await model?.close();
  });

  it('the model API answering 401 → the agent is failed with the reason (not ready), its process gone', async () => {
    const KEY = 'unauthenticated';
    model.setScript(KEY, [{ error: { status: 401, type: 'authentication_error', message: 'invalid x-api-key', times: 100 } }]);
    const spawned = await h.http('POST', '/agents', {
      driver: 'sdk',
      workingDirectory: h.tmp('fw-truth-'),
      model: MODEL,
      prompt: 'hello',
      env: claudeEnv(model.url, KEY, h.tmp('fw-truth-home-')),
    });
    expect(spawned.status, JSON.stringify(spawned.body)).toBe(201);
    const id = spawned.body.id as string;
    const failed = await waitFor(
      async () => {
        const a = (await h.http('GET', `/agents/${id}`)).body;
        return a.state === 'failed' ? a : undefined;
      },
      { what: 'agent failed', timeoutMs: 60_000 },
    );
    expect(failed.stateReason).toMatch(/^authentication failed: /);
    const states = (await allEvents(h, id)).filter((e) => e.type === 'state').map((e) => (e as { to: string }).to);
    // Ready once Claude Code started, then the turn: it ends in failed, never back in ready as if it had worked.
    expect(states.slice(states.indexOf('executing'))).toEqual(['executing', 'failed']);
    const error = (await allEvents(h, id)).find((e) => e.type === 'error');
    expect(error).toMatchObject({ error: { code: 'UNAUTHORIZED' } });
    await waitFor(() => !pidAlive(spawned.body.pid ?? failed.pid ?? 0), { what: 'process gone', timeoutMs: 10_000 });
  }, 90_000);
});
