/** Usage limits with Claude Code running interactively in a tmux pane (tmux driver) against the scripted model. */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '@flywheel/kit/testing';
import type { ScriptedModel } from '@flywheel/scripted-model';
import type { Stack } from '../support/index.ts';
import { allEvents } from './helpers/agent-events.ts';
import { CLAUDE_BIN, claudeEnv, MODEL } from './helpers/agent-cli.ts';
import { RESUME_MESSAGE, SAFETY_ALONE, startWithModel, stopWithModel, waitPaused } from './helpers/model-stack.ts';

const KEY = 'pane-limited';

describe('usage limits: Claude Code in a tmux pane shows its usage-limit text', () => {
  let h: Stack;
  let model: ScriptedModel;
  beforeAll(async () => {
    ({ h, model } = await startWithModel({
      services: [
        // The tmux driver gives Claude Code the gateway's HTTP guard hook (docs/agents.md, Guard hooks): its Write is
        // checked by safety, which must be up or the hook blocks it.
        SAFETY_ALONE,
        'gateway-api',
        { name: 'agent-runner', id: 'r-tmux-limit', env: { TMUX_SOCKET: `fw-limit-${process.pid}`, USAGE_RESUME_MESSAGE: RESUME_MESSAGE } },
      ],
    }));
  });
  afterAll(() => stopWithModel(h, model));

  it('the pane’s "API Error: ... (429)" pauses the agent (usage_limit, resumeAt); resume now types the continuation and the session goes on', async () => {
    const dir = h.tmp('fw-pane-limit-');
    model.setScript(KEY, [
      { model: MODEL, content: [{ type: 'tool_use', name: 'Write', input: { file_path: join(dir, 'before.txt'), content: 'from the pane\n' } }] },
      // A reset far off: Claude Code does not retry, the pane shows `API Error: Request rejected (429) · ...`.
      { error: { status: 429, type: 'rate_limit_error', message: 'usage limit reached', times: 1, retryAfterMs: 600_000 } },
      { model: MODEL, content: [{ type: 'text', text: 'Pane carried on.' }] },
    ]);
    const home = h.tmp('fw-pane-limit-home-');
    // Claude Code's first-run questions answered: onboarding done, this folder trusted, the scripted key approved.
    const state = JSON.stringify({
      hasCompletedOnboarding: true,
      theme: 'dark',
      bypassPermissionsModeAccepted: true,
      customApiKeyResponses: { approved: [KEY.slice(-20)], rejected: [] },
      projects: { [dir]: { hasTrustDialogAccepted: true } },
    });
    mkdirSync(join(home, '.claude'), { recursive: true });
    writeFileSync(join(home, '.claude', '.claude.json'), state);
    writeFileSync(join(home, '.claude.json'), state);
    const spawned = await h.http('POST', '/agents', {
      driver: 'tmux',
      workingDirectory: dir,
      command: [CLAUDE_BIN, '--model', MODEL, '--dangerously-skip-permissions'],
      env: claudeEnv(model.url, KEY, home),
    });
    expect(spawned.status, JSON.stringify(spawned.body)).toBe(201);
    const id = spawned.body.id as string;
    await waitFor(async () => JSON.stringify(await allEvents(h, id)).includes('❯'), { what: 'Claude Code’s prompt', timeoutMs: 60_000 }).catch(async (err) => {
      console.log(
        (await allEvents(h, id))
          .slice(-60)
          .map((e) => (e.type === 'output' ? e.text : JSON.stringify(e)))
          .join('\n'),
      );
      throw err;
    });
    expect((await h.http('POST', `/agents/${id}/send`, { message: 'write before.txt' })).status).toBe(202);

    const paused = await waitPaused(h, id).catch(async (err) => {
      console.log(
        (await allEvents(h, id))
          .slice(-60)
          .map((e) => (e.type === 'output' ? e.text : JSON.stringify(e)))
          .join('\n'),
      );
      console.log(
        JSON.stringify(
          model
            .requests()
            .filter((r) => r.key === KEY)
            .map((r) => r.kind),
        ),
        JSON.stringify(model.scriptStatus()[KEY]),
      );
      throw err;
    });
    expect(paused).toMatchObject({ pauseReason: 'usage_limit', attention: 'usage_limit', resumeAt: expect.any(String) });
    expect(readFileSync(join(dir, 'before.txt'), 'utf8')).toBe('from the pane\n');
    expect((await allEvents(h, id)).find((e) => e.type === 'rate_limit')).toMatchObject({ message: expect.stringContaining('429') });
    expect((await h.http('POST', `/agents/${id}/send`, { message: 'are you there?' })).status).toBe(409);

    // The reset is ten minutes off: a person resumes it now.
    await waitFor(async () => model.requests().filter((r) => r.key === KEY && r.kind === 'main').length >= 2, { what: 'the refused request' });
    await waitFor(async () => (await h.http('POST', `/agents/${id}/resume`)).status === 202, { what: 'resumed', timeoutMs: 20_000, intervalMs: 1000 });
    await waitFor(async () => JSON.stringify(await allEvents(h, id)).includes('Pane carried on.'), { what: 'the session went on', timeoutMs: 60_000 }).catch(
      async (err) => {
        console.log(
          (await allEvents(h, id))
            .slice(-80)
            .map((e) => (e.type === 'output' ? e.text : JSON.stringify(e)))
            .join('\n'),
        );
        throw err;
      },
    );
    const last = JSON.stringify(
      model
        .requests()
        .filter((r) => r.key === KEY && r.kind === 'main')
        .at(-1)!.body,
    );
    expect(last).toContain(RESUME_MESSAGE);
    expect(last).toContain('write before.txt');
    expect(last).not.toContain('are you there?');
    await h.http('DELETE', `/agents/${id}`);
  }, 180_000);
});
