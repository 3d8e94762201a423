import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '@flywheel/kit/testing';
import type { ScriptedModel } from '@flywheel/scripted-model';
import type { Stack } from '../support/index.ts';
import { allEvents } from './helpers/agent-events.ts';
import { claudeEnv, MODEL } from './helpers/agent-cli.ts';
import { RESUME_MESSAGE, SAFETY_ALONE, startWithModel, stopWithModel, waitPaused } from './helpers/model-stack.ts';

describe('usage limits survived: a real Claude Code agent meets a scripted 429', () => {
  let h: Stack;
  let model: ScriptedModel;
  beforeAll(async () => {
    ({ h, model } = await startWithModel({
      services: [
        'gateway-api',
        { name: 'agent-runner', id: 'r-limit', env: { USAGE_RESUME_JITTER_MS: '200', USAGE_RESUME_MESSAGE: RESUME_MESSAGE } },
        SAFETY_ALONE,
      ],
    }));
  });
  afterAll(() => stopWithModel(h, model));

  it('429 with a reset 5 s ahead → paused/usage_limit with resumeAt, takes no message, resumes by itself and finishes; files intact', async () => {
    const KEY = 'limited';
    const dir = h.tmp('fw-limit-');
    model.setScript(KEY, [
      { model: MODEL, content: [{ type: 'tool_use', name: 'Write', input: { file_path: join(dir, 'before.txt'), content: 'written before the limit\n' } }] },
      { error: { status: 429, type: 'rate_limit_error', message: 'Number of request tokens has exceeded your per-minute rate limit', forMs: 5000 } },
      { model: MODEL, content: [{ type: 'text', text: 'Finished after the limit.' }] },
    ]);
    const spawned = await h.http('POST', '/agents', {
      driver: 'sdk',
      workingDirectory: dir,
      model: MODEL,
      prompt: 'write before.txt',
      env: claudeEnv(model.url, KEY, h.tmp('fw-limit-home-')),
    });
    expect(spawned.status, JSON.stringify(spawned.body)).toBe(201);
    const id = spawned.body.id as string;

    const paused = await waitPaused(h, id, 'paused at the usage limit');
    expect(paused).toMatchObject({ pauseReason: 'usage_limit', resumeAt: expect.any(String) });
    expect(Date.parse(paused.resumeAt)).toBeGreaterThan(Date.now() - 1000);
    const sessionId = paused.sessionId;
    // No message goes into the wall while paused.
    const refused = await h.http('POST', `/agents/${id}/send`, { message: 'are you there?' });
    expect(refused.status).toBe(409);

    await waitFor(async () => (await h.http('GET', `/agents/${id}`)).body.state === 'ready' && model.scriptStatus()[KEY]?.remaining === 0, {
      what: 'finished after the reset',
      timeoutMs: 60_000,
    });
    const after = (await h.http('GET', `/agents/${id}`)).body;
    expect(after.sessionId).toBe(sessionId);
    expect(after.pauseReason).toBeUndefined();
    expect(readFileSync(join(dir, 'before.txt'), 'utf8')).toBe('written before the limit\n');

    const events = await allEvents(h, id);
    expect(events.find((e) => e.type === 'rate_limit')).toMatchObject({ resetAt: expect.any(String) });
    // Transitions only (activity changes are state events without `from`).
    const states = events.filter((e) => e.type === 'state' && e.from !== undefined) as Array<{ to: string; pauseReason?: string; resumeAt?: string }>;
    expect(states.find((e) => e.to === 'paused')).toMatchObject({ pauseReason: 'usage_limit', resumeAt: paused.resumeAt });
    expect(states.map((e) => e.to).slice(-4)).toEqual(['paused', 'ready', 'executing', 'ready']);
    expect(JSON.stringify(events)).toContain('Finished after the limit.');
    // The model never saw the refused message.
    expect(
      JSON.stringify(
        model
          .requests()
          .filter((r) => r.key === KEY)
          .map((r) => r.body),
      ),
    ).not.toContain('are you there?');
  }, 120_000);

  it('the CLI gives up at the limit → the agent stays paused, and at the reset the runner resumes the same session with the continuation message', async () => {
    const KEY = 'gave-up';
    const dir = h.tmp('fw-limit2-');
    model.setScript(KEY, [
      { model: MODEL, content: [{ type: 'tool_use', name: 'Write', input: { file_path: join(dir, 'before.txt'), content: 'kept\n' } }] },
      // Two refusals advertising a 3 s reset; Claude Code (CLAUDE_CODE_MAX_RETRIES=1) gives up after the second.
      { error: { status: 429, type: 'rate_limit_error', message: 'usage limit reached', times: 2, retryAfterMs: 3000 } },
      { model: MODEL, content: [{ type: 'text', text: 'Carried on after the reset.' }] },
    ]);
    const env = { ...claudeEnv(model.url, KEY, h.tmp('fw-limit2-home-')), CLAUDE_CODE_MAX_RETRIES: '1' };
    const spawned = await h.http('POST', '/agents', { driver: 'sdk', workingDirectory: dir, model: MODEL, prompt: 'write before.txt', env });
    expect(spawned.status, JSON.stringify(spawned.body)).toBe(201);
    const id = spawned.body.id as string;
    await waitFor(async () => (await h.http('GET', `/agents/${id}`)).body.attention === 'usage_limit', {
      what: 'paused at the limit',
      timeoutMs: 60_000,
      intervalMs: 50,
    });
    await waitFor(async () => (await h.http('GET', `/agents/${id}`)).body.state === 'ready' && model.scriptStatus()[KEY]?.remaining === 0, {
      what: 'resumed and finished',
      timeoutMs: 60_000,
    });
    const main = model.requests().filter((r) => r.key === KEY && r.kind === 'main');
    expect(JSON.stringify(main.at(-1)!.body)).toContain('The limit has reset: carry on.');
    expect(JSON.stringify(main.at(-1)!.body)).toContain('write before.txt');
    expect(readFileSync(join(dir, 'before.txt'), 'utf8')).toBe('kept\n');
    const reasons = (await allEvents(h, id)).filter((e) => e.type === 'state' && e.from !== undefined).map((e) => (e as { reason?: string }).reason);
    expect(reasons).toContain('usage limit reset: resuming the session');
    expect(JSON.stringify(await allEvents(h, id))).toContain('Carried on after the reset.');
  }, 120_000);
});
