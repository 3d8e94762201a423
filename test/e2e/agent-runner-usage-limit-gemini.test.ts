/**
 * Usage limits with the real Gemini CLI 0.61.0 (ACP mode, acp driver) against the scripted model's Gemini API: a 429
 * in Google's form (RESOURCE_EXHAUSTED with RetryInfo retryDelay). Gemini CLI retries a 429 itself (`general.maxAttempts`,
 * default 10, with a backoff of 5 s doubling to 30 s: about 4 minutes before it reports); with maxAttempts 1 it answers
 * session/prompt at once with JSON-RPC error 429 and "Suggested retry after <n>s." — the agent pauses until then.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '@flywheel/kit/testing';
import type { ScriptedModel } from '@flywheel/scripted-model';
import type { Stack } from '../support/index.ts';
import { RESUME_MESSAGE, SAFETY_ALONE, startWithModel, stopWithModel } from './helpers/model-stack.ts';
import { allEvents } from './helpers/agent-events.ts';
import { geminiAgent, geminiHome } from './helpers/gemini-cli.ts';

const KEY = 'gemini-limited';

describe('usage limits: a real Gemini CLI agent meets a scripted 429', () => {
  let h: Stack;
  let model: ScriptedModel;
  beforeAll(async () => {
    ({ model, h } = await startWithModel({
      services: [
        'gateway-api',
        { name: 'agent-runner', id: 'r-gemini-limit', env: { USAGE_RESUME_JITTER_MS: '200', USAGE_RESUME_MESSAGE: RESUME_MESSAGE } },
        SAFETY_ALONE,
      ],
    }));
  }, 60_000);
  afterAll(() => stopWithModel(h, model));

  it('429 RESOURCE_EXHAUSTED with a 5 s retry delay → paused/usage_limit with resumeAt, no prompt while paused, resumes by itself in the same session and finishes; files intact', async () => {
    const dir = h.tmp('fw-gemini-limit-');
    model.setScript(KEY, [
      { content: [{ type: 'tool_use', name: 'write_file', input: { file_path: 'before.txt', content: 'written before the limit\n' } }] },
      { error: { status: 429, type: 'rate_limit_error', message: 'Resource has been exhausted (e.g. check quota).', forMs: 5000 } },
      { content: [{ type: 'text', text: 'Finished after the limit.' }] },
    ]);
    const home = geminiHome(h.tmp('fw-gemini-limit-home-'), { general: { maxAttempts: 1 } });
    const spawned = await h.http('POST', '/agents', { ...geminiAgent(model.url, KEY, home), workingDirectory: dir, prompt: 'write before.txt' });
    expect(spawned.status, JSON.stringify(spawned.body)).toBe(201);
    const id = spawned.body.id as string;

    const paused = await waitFor(
      async () => {
        const a = (await h.http('GET', `/agents/${id}`)).body;
        return a.state === 'paused' ? a : undefined;
      },
      { what: 'paused at the usage limit', timeoutMs: 90_000, intervalMs: 50 },
    );
    expect(paused).toMatchObject({ pauseReason: 'usage_limit', attention: 'usage_limit', resumeAt: expect.any(String) });
    const limited = model.requests().filter((r) => r.key === KEY && r.kind === 'main');
    // The reset is the 429's retry delay (the scripted window's end), not the runner's default wait of a minute.
    const resumeAt = Date.parse(paused.resumeAt);
    expect(resumeAt).toBeGreaterThan(Date.parse(limited[1]!.at));
    expect(resumeAt).toBeLessThanOrEqual(Date.parse(limited[1]!.at) + 7000);
    const sessionId = paused.sessionId;
    expect(sessionId).toEqual(expect.any(String));
    // No message goes into the wall while paused.
    expect((await h.http('POST', `/agents/${id}/send`, { message: 'are you there?' })).status).toBe(409);

    await waitFor(async () => (await h.http('GET', `/agents/${id}`)).body.state === 'ready' && model.scriptStatus()[KEY]?.remaining === 0, {
      what: 'finished after the reset',
      timeoutMs: 90_000,
    });
    const after = (await h.http('GET', `/agents/${id}`)).body;
    expect(after.sessionId).toBe(sessionId);
    expect(after.pauseReason).toBeUndefined();
    expect(readFileSync(join(dir, 'before.txt'), 'utf8')).toBe('written before the limit\n');

    // Three model calls: the prompt, the tool result met by the 429 (Gemini CLI did not retry), and the continuation
    // after the reset, which carries the session so far (the prompt, the write) and the continuation message.
    const main = model.requests().filter((r) => r.key === KEY && r.kind === 'main');
    expect(main).toHaveLength(3);
    expect(Date.parse(main[2]!.at)).toBeGreaterThanOrEqual(resumeAt);
    const last = JSON.stringify(main[2]!.body);
    expect(last).toContain(RESUME_MESSAGE);
    expect(last).toContain('write before.txt');
    expect(last).toContain('write_file');
    expect(JSON.stringify(main.map((r) => r.body))).not.toContain('are you there?');

    const events = await allEvents(h, id);
    expect(events.find((e) => e.type === 'rate_limit')).toMatchObject({ resetAt: paused.resumeAt, message: expect.stringContaining('429') });
    const states = events.filter((e) => e.type === 'state' && e.from !== undefined) as Array<{
      to: string;
      pauseReason?: string;
      resumeAt?: string;
      reason?: string;
    }>;
    expect(states.find((e) => e.to === 'paused')).toMatchObject({ pauseReason: 'usage_limit', resumeAt: paused.resumeAt });
    expect(states.map((e) => e.to).slice(-4)).toEqual(['paused', 'ready', 'executing', 'ready']);
    expect(states.map((e) => e.reason)).toContain('usage limit reset: resuming the session');
    const said = events.flatMap((e) => (e.type === 'output' && e.stream === 'assistant' ? [e.text] : [])).join('');
    expect(said).toBe('Finished after the limit.');
    expect(events.filter((e) => e.type === 'error')).toEqual([]);
    await h.http('DELETE', `/agents/${id}`);
  }, 180_000);
});
