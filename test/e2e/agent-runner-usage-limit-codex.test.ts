/** Usage limits with the real codex 0.169 CLI against the scripted Responses endpoint (docs/agents.md "Usage limits"). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '@flywheel/kit/testing';
import type { ScriptedModel } from '@flywheel/scripted-model';
import type { Stack } from '../support/index.ts';
import { allEvents } from './helpers/agent-events.ts';
import { CODEX_RUNNER_ENV, codexHome } from './helpers/agent-cli.ts';
import { RESUME_MESSAGE, startWithModel, stopWithModel, waitPaused } from './helpers/model-stack.ts';

const KEY = 'codex-limited';

describe('usage limits: a real codex agent meets a scripted 429', () => {
  let h: Stack;
  let model: ScriptedModel;
  beforeAll(async () => {
    ({ h, model } = await startWithModel({
      services: ['gateway-api', { name: 'agent-runner', id: 'r-codex-limit', env: { ...CODEX_RUNNER_ENV, USAGE_RESUME_MESSAGE: RESUME_MESSAGE } }],
    }));
  });
  afterAll(() => stopWithModel(h, model));

  it("codex's retries at a 429 pause the agent (usage_limit, resumeAt); when codex gives up it stays paused; resume now continues the same thread", async () => {
    model.setScript(KEY, [
      { content: [{ type: 'tool_use', name: 'exec_command', input: { cmd: 'echo before > before.txt' } }] },
      // Codex retries once (stream_max_retries = 1), then fails the turn at the limit.
      { error: { status: 429, type: 'rate_limit_error', message: 'Rate limit reached for requests', times: 3, retryAfterMs: 300 } },
      { content: [{ type: 'text', text: 'Codex carried on.' }] },
    ]);
    const env = codexHome(h.tmp('fw-codex-limit-home-'), model.url, KEY, { extra: ['stream_max_retries = 1', 'request_max_retries = 1'] });
    const cwd = h.tmp('fw-codex-limit-cwd-');
    const spawned = await h.http('POST', '/agents', {
      driver: 'codex',
      workingDirectory: cwd,
      model: 'gpt-5.5',
      prompt: 'write before.txt',
      env,
    });
    expect(spawned.status, JSON.stringify(spawned.body)).toBe(201);
    const id = spawned.body.id as string;

    const paused = await waitPaused(h, id);
    expect(paused).toMatchObject({ pauseReason: 'usage_limit', attention: 'usage_limit', resumeAt: expect.any(String) });
    // Codex gives up (turn.failed): the agent stays paused for the limit, not ready with an error.
    await waitFor(async () => (await allEvents(h, id)).filter((e) => e.type === 'rate_limit').length >= 2, { what: 'codex gave up', timeoutMs: 30_000 });
    expect((await h.http('GET', `/agents/${id}`)).body).toMatchObject({ state: 'paused', pauseReason: 'usage_limit' });
    expect((await h.http('POST', `/agents/${id}/send`, { message: 'are you there?' })).status).toBe(409);

    expect((await h.http('POST', `/agents/${id}/resume`)).status).toBe(202);
    await waitFor(async () => (await h.http('GET', `/agents/${id}`)).body.state === 'ready' && model.scriptStatus()[KEY]?.remaining === 0, {
      what: 'resumed and finished',
      timeoutMs: 60_000,
    });
    const last = JSON.stringify(
      model
        .requests()
        .filter((r) => r.key === KEY)
        .at(-1)!.body,
    );
    expect(last).toContain(RESUME_MESSAGE);
    expect(last).toContain('write before.txt');
    expect(last).not.toContain('are you there?');
    expect(readFileSync(join(cwd, 'before.txt'), 'utf8')).toBe('before\n');
    const events = await allEvents(h, id);
    expect(events.find((e) => e.type === 'rate_limit')).toMatchObject({ message: expect.stringContaining('429') });
    expect(JSON.stringify(events)).toContain('Codex carried on.');
    expect(events.filter((e) => e.type === 'error')).toEqual([]);
  }, 150_000);
});
