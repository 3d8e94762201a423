/**
 * Usage limits, the parts a person and the fleet control (docs/agents.md "Usage limits"): resume now and don't
 * auto-resume per agent and per project (kept over a runner restart), the alert, the backoff when the limit is still
 * there after a resume, and rotation to the account's next BYOA profile. Real Claude Code against the scripted model.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jetstreamManager } from '@nats-io/jetstream';
import { streamNameForFamily, type Alert } from '@flywheel/contracts';
import { wireStream } from '@flywheel/kit';
import { waitFor } from '@flywheel/kit/testing';
import type { ScriptedModel } from '@flywheel/scripted-model';
import type { Stack } from '../support/index.ts';
import { allEvents } from './helpers/agent-events.ts';
import { claudeEnv, MODEL } from './helpers/agent-cli.ts';
import { RESUME_MESSAGE, SAFETY_ALONE, startWithModel, stopWithModel } from './helpers/model-stack.ts';

const SECRETS_KEY = 'usage-control-test-secrets-key-0123456789';

describe('usage limits: manual control, alert, backoff and profile rotation with a real Claude Code', () => {
  let h: Stack;
  let model: ScriptedModel;
  beforeAll(async () => {
    ({ h, model } = await startWithModel({
      services: [
        { name: 'gateway-api', env: { FLYWHEEL_SECRETS_KEY: SECRETS_KEY } },
        {
          name: 'agent-runner',
          id: 'r-ctl',
          env: { USAGE_RESUME_JITTER_MS: '200', USAGE_RESUME_BACKOFF_MS: '1000', USAGE_RESUME_MESSAGE: RESUME_MESSAGE },
        },
        SAFETY_ALONE,
      ],
    }));
    // The gateway's alert rules read agent:state from the next event on: wait until they run.
    const jsm = await jetstreamManager(h.nc);
    await waitFor(() => jsm.consumers.info(wireStream(h.nc, streamNameForFamily('agent:state')), 'gateway-alerts-agents').catch(() => undefined), {
      what: 'the alert rules to run',
      timeoutMs: 30_000,
    });
  }, 120_000);
  afterAll(() => stopWithModel(h, model));

  const get = async (id: string) => (await h.http('GET', `/agents/${id}`)).body;
  const mainRequests = (key: string) => model.requests().filter((r) => r.key === key && r.kind === 'main');
  const transitions = async (id: string) =>
    (await allEvents(h, id)).filter((e) => e.type === 'state' && e.from !== undefined) as Array<{ to: string; reason?: string; pauseReason?: string }>;

  it("don't auto-resume keeps the agent paused past its reset; resume now continues the same session; the alert opens and resolves; settings survive a restart", async () => {
    const KEY = 'by-hand';
    const dir = h.tmp('fw-ctl-');
    model.setScript(KEY, [
      { model: MODEL, content: [{ type: 'tool_use', name: 'Write', input: { file_path: join(dir, 'before.txt'), content: 'kept\n' } }] },
      // Every call in a 4 s window is refused; the runner stops Claude Code's own retries (auto-resume off).
      { error: { status: 429, type: 'rate_limit_error', message: 'usage limit reached', forMs: 4000 } },
      { model: MODEL, content: [{ type: 'text', text: 'Resumed by hand.' }] },
    ]);
    const env = { ...claudeEnv(model.url, KEY, h.tmp('fw-ctl-home-')), CLAUDE_CODE_MAX_RETRIES: '1' };
    const spawned = await h.http('POST', '/agents', { driver: 'sdk', workingDirectory: dir, model: MODEL, prompt: 'write before.txt', env });
    expect(spawned.status, JSON.stringify(spawned.body)).toBe(201);
    const id = spawned.body.id as string;
    const projectId = spawned.body.projectId as string;

    // Bad input names the field; a viewer may not change it.
    const bad = await h.http('PUT', `/agents/${id}/auto-resume`, { enabled: 'no' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('enabled');
    expect((await h.http('PUT', `/agents/${id}/auto-resume`, { enabled: false }, { as: 'viewer' })).status).toBe(403);
    const off = await h.http('PUT', `/agents/${id}/auto-resume`, { enabled: false });
    expect(off.status, JSON.stringify(off.body)).toBe(200);
    expect(off.body.autoResume).toBe(false);
    // Not paused at a limit: nothing to resume.
    expect((await h.http('POST', `/agents/${id}/resume`)).status).toBe(409);

    const paused = await waitFor(async () => ((await get(id)).attention === 'usage_limit' ? get(id) : undefined), {
      what: 'paused at the limit',
      timeoutMs: 60_000,
      intervalMs: 50,
    });
    expect(paused).toMatchObject({ state: 'paused', pauseReason: 'usage_limit', autoResume: false });
    const alert = await waitFor(
      async () => ((await h.http('GET', '/alerts?rule=agent_usage_limit', undefined, { as: 'admin' })).body.items as Alert[]).find((a) => a.subject.id === id),
      { what: 'the usage-limit alert', timeoutMs: 20_000 },
    );
    expect(alert).toMatchObject({ status: 'open', severity: 'warning', details: { agentId: id } });

    // Well past its reset (plus jitter) it is still paused, and the model heard nothing more from it.
    const heard = mainRequests(KEY).length;
    await waitFor(async () => Date.now() > Date.parse(paused.resumeAt) + 3000, { what: 'the reset long past', timeoutMs: 30_000 });
    expect(await get(id)).toMatchObject({ state: 'paused', pauseReason: 'usage_limit' });
    expect((await h.http('POST', `/agents/${id}/send`, { message: 'are you there?' })).status).toBe(409);
    expect(mainRequests(KEY).length).toBe(heard);

    const resumed = await h.http('POST', `/agents/${id}/resume`);
    expect(resumed.status, JSON.stringify(resumed.body)).toBe(202);
    await waitFor(async () => (await get(id)).state === 'ready' && model.scriptStatus()[KEY]?.remaining === 0, {
      what: 'resumed and finished',
      timeoutMs: 60_000,
    });
    const last = JSON.stringify(mainRequests(KEY).at(-1)!.body);
    expect(last).toContain(RESUME_MESSAGE);
    expect(last).toContain('write before.txt');
    expect(last).not.toContain('are you there?');
    expect(readFileSync(join(dir, 'before.txt'), 'utf8')).toBe('kept\n');
    expect((await get(id)).sessionId).toBe(paused.sessionId);
    expect((await transitions(id)).find((e) => e.reason?.startsWith('resumed by'))?.reason).toMatch(/^resumed by \S+ before the usage limit reset$/);
    const commands = (await h.http('GET', `/agents/${id}/commands`)).body.items as Array<{ kind: string; message?: string; actor?: string; outcome: string }>;
    expect(commands.find((c) => c.kind === 'auto_resume')).toMatchObject({ message: 'off', outcome: 'ok', actor: expect.any(String) });
    expect(commands.filter((c) => c.kind === 'resume').map((c) => c.outcome)).toEqual(expect.arrayContaining(['ok', 'error']));
    await waitFor(async () => ((await h.http('GET', `/alerts/${alert.id}`, undefined, { as: 'admin' })).body as Alert).status === 'resolved', {
      what: 'the alert resolved once the agent went on',
    });

    // The project's setting: viewer reads it, operator sets it; both settings survive a runner restart.
    expect((await h.http('GET', `/projects/${projectId}/usage-limits`)).body).toMatchObject({ projectId, autoResume: true, rotateProfiles: true });
    expect((await h.http('PUT', `/projects/${projectId}/usage-limits`, {})).status).toBe(400);
    const put = await h.http('PUT', `/projects/${projectId}/usage-limits`, { autoResume: false });
    expect(put.body).toMatchObject({ projectId, autoResume: false, rotateProfiles: true, updatedBy: expect.any(String) });
    await h.restart('r-ctl');
    expect((await h.http('GET', `/projects/${projectId}/usage-limits`)).body).toMatchObject({ autoResume: false });
    expect(await get(id)).toMatchObject({ autoResume: false });
    await h.http('PUT', `/projects/${projectId}/usage-limits`, { autoResume: true });
  }, 180_000);

  it('a resume that meets the limit again backs off and retries; the session goes on and finishes; one continuation per resume', async () => {
    const KEY = 'backoff';
    const dir = h.tmp('fw-backoff-');
    model.setScript(KEY, [
      { model: MODEL, content: [{ type: 'tool_use', name: 'Write', input: { file_path: join(dir, 'before.txt'), content: 'before the wall\n' } }] },
      { error: { status: 429, type: 'rate_limit_error', message: 'usage limit reached', times: 2, retryAfterMs: 1000 } },
      // The first resume meets the limit again.
      { error: { status: 429, type: 'rate_limit_error', message: 'usage limit reached', times: 2, retryAfterMs: 1000 } },
      { model: MODEL, content: [{ type: 'text', text: 'Through after the backoff.' }] },
    ]);
    const env = { ...claudeEnv(model.url, KEY, h.tmp('fw-backoff-home-')), CLAUDE_CODE_MAX_RETRIES: '1' };
    const spawned = await h.http('POST', '/agents', { driver: 'sdk', workingDirectory: dir, model: MODEL, prompt: 'write before.txt', env });
    expect(spawned.status, JSON.stringify(spawned.body)).toBe(201);
    const id = spawned.body.id as string;
    const sessionId = await waitFor(async () => (await get(id)).sessionId as string | undefined, { what: 'the session', timeoutMs: 60_000 });
    await waitFor(async () => (await get(id)).state === 'ready' && model.scriptStatus()[KEY]?.remaining === 0, {
      what: 'through after the backoff',
      timeoutMs: 90_000,
    });
    const moves = await transitions(id);
    expect(moves.filter((e) => e.to === 'paused').map((e) => e.pauseReason)).toEqual(['usage_limit', 'usage_limit']);
    const resumes = moves.filter((e) => e.reason?.startsWith('usage limit reset')).map((e) => e.reason);
    expect(resumes).toEqual(['usage limit reset: resuming the session', 'usage limit reset: resuming the session (try 2, after a backoff of 1000 ms)']);
    const last = JSON.stringify(mainRequests(KEY).at(-1)!.body);
    expect(last.split(RESUME_MESSAGE).length - 1).toBe(2);
    expect(last).toContain('write before.txt');
    expect(readFileSync(join(dir, 'before.txt'), 'utf8')).toBe('before the wall\n');
    expect((await get(id)).sessionId).toBe(sessionId);
    expect(JSON.stringify(await allEvents(h, id))).toContain('Through after the backoff.');
  }, 180_000);

  it("rotates to the account's next BYOA profile at a limit instead of waiting, resumes the same session there, and records it", async () => {
    const admin = { as: 'admin' as const };
    const mk = (name: string, key: string, priority: number) =>
      h.http('POST', '/profiles', { accountId: 'acct-r', provider: 'anthropic', name, env: { ANTHROPIC_API_KEY: key }, priority }, admin);
    const first = await mk('main key', 'rot-one', 1);
    const second = await mk('spare key', 'rot-two', 2);
    expect([first.status, second.status]).toEqual([201, 201]);
    const dir = h.tmp('fw-rotate-');
    model.setScript('rot-one', [
      { model: MODEL, content: [{ type: 'tool_use', name: 'Write', input: { file_path: join(dir, 'before.txt'), content: 'on the first profile\n' } }] },
      { error: { status: 429, type: 'rate_limit_error', message: 'usage limit reached', forMs: 120_000 } },
    ]);
    model.setScript('rot-two', [{ model: MODEL, content: [{ type: 'text', text: 'Continued on the spare profile.' }] }]);
    const { ANTHROPIC_API_KEY: _none, ...env } = claudeEnv(model.url, 'unused', h.tmp('fw-rotate-home-'));
    const spawned = await h.http(
      'POST',
      '/agents',
      { driver: 'sdk', workingDirectory: dir, model: MODEL, prompt: 'write before.txt', env },
      { account: 'acct-r' },
    );
    expect(spawned.status, JSON.stringify(spawned.body)).toBe(201);
    const id = spawned.body.id as string;
    expect(spawned.body.profileId).toBe(first.body.id);
    const ofR = { account: 'acct-r' };
    const sessionId = await waitFor(async () => (await h.http('GET', `/agents/${id}`, undefined, ofR)).body.sessionId as string | undefined, {
      what: 'the session',
      timeoutMs: 60_000,
    });
    await waitFor(
      async () => (await h.http('GET', `/agents/${id}`, undefined, ofR)).body.state === 'ready' && model.scriptStatus()['rot-two']?.remaining === 0,
      { what: 'finished on the spare profile', timeoutMs: 90_000 },
    );
    const after = (await h.http('GET', `/agents/${id}`, undefined, ofR)).body;
    expect(after).toMatchObject({ profileId: second.body.id, sessionId });
    const onSpare = model.requests().filter((r) => r.key === 'rot-two' && r.kind === 'main');
    expect(JSON.stringify(onSpare.at(-1)!.body)).toContain('write before.txt');
    expect(JSON.stringify(onSpare.at(-1)!.body)).toContain(RESUME_MESSAGE);
    expect(readFileSync(join(dir, 'before.txt'), 'utf8')).toBe('on the first profile\n');
    const commands = (await h.http('GET', `/agents/${id}/commands`, undefined, ofR)).body.items as Array<{ kind: string; message?: string; actor?: string }>;
    expect(commands.find((c) => c.kind === 'rotate_profile')).toMatchObject({
      actor: 'runner',
      message: `usage limit on profile ${first.body.id}: rotated to profile ${second.body.id}`,
    });
    const rotations = (await h.http('GET', '/profiles/rotations', undefined, ofR)).body.items;
    expect(rotations[0]).toMatchObject({ agentId: id, fromProfileId: first.body.id, toProfileId: second.body.id });
    expect(JSON.stringify(await allEvents(h, id, 'events', ofR))).toContain('Continued on the spare profile.');
  }, 180_000);
});
