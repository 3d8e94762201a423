import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dcgRpcs, UsageRecord } from '@flywheel/contracts';
import { connectNats, request, type NatsConnection } from '@flywheel/kit';
import { testLogger, waitFor } from '@flywheel/kit/testing';
import { startScriptedModel, type ScriptedModel } from '@flywheel/scripted-model';
import { pidAlive, startStack, type Stack } from '../support/index.ts';
import { allEvents, waitEvent, waitState } from './helpers/agent-events.ts';
import { claudeEnv } from './helpers/agent-cli.ts';
import { collect } from './helpers/collect.ts';

const MODEL = 'claude-sonnet-4-5-20250929';
const KEY = 'sdk-acceptance';

describe('sdk driver: real Claude Code via REST against the scripted model', () => {
  let h: Stack;
  let model: ScriptedModel;
  let nc: NatsConnection;

  beforeAll(async () => {
    model = await startScriptedModel();
    model.setScript(KEY, [
      {
        id: 'msg_t1',
        model: MODEL,
        content: [
          { type: 'text', text: "I'll create the file." },
          { type: 'tool_use', name: 'Bash', input: { command: 'echo hello > created.txt', description: 'create' } },
        ],
        usage: { input_tokens: 100, output_tokens: 20 },
      },
      { id: 'msg_t2', model: MODEL, content: [{ type: 'text', text: 'Created created.txt.' }], usage: { input_tokens: 50, output_tokens: 5 } },
      { id: 'msg_t3', model: MODEL, content: [{ type: 'text', text: 'Still the same session.' }], usage: { input_tokens: 60, output_tokens: 6 } },
      {
        id: 'msg_t4',
        model: MODEL,
        content: [{ type: 'tool_use', name: 'Bash', input: { command: 'node -e "setTimeout(() => {}, 30000)"', description: 'wait' } }],
        usage: { input_tokens: 70, output_tokens: 7 },
      },
    ]);
    // The real safety service answers the runner's guard calls.
    // Safety alone (no coordination here): writes are not checked against reservations.
    h = await startStack({
      services: [
        'gateway-api',
        { name: 'agent-runner', id: 'r-sdk', env: { STALL_MS: '700', REAPER_MS: '100', CHECKPOINT_EVERY_MESSAGES: '2' } },
        { name: 'safety', env: { COORDINATION_CHECK: 'off' } },
      ],
    });
    nc = await connectNats({ url: h.nats.url, name: 'test', logger: testLogger() });
  });
  afterAll(async () => {
    await nc?.drain();
    await h?.stop();
    await model?.close();
  });

  it('runs Bash through the guard, streams state/output/tools/usage, continues the session, interrupts, terminates', async () => {
    const onNats = collect(nc, 'agent.>');
    const usageOnNats = collect(nc, 'usage.>');
    const cwd = h.tmp('fw-sdk-cwd-');
    const spawn = await h.http('POST', '/agents', {
      driver: 'sdk',
      workingDirectory: cwd,
      model: MODEL,
      prompt: 'create a file',
      env: claudeEnv(model.url, KEY, h.tmp('fw-sdk-home-')),
    });
    expect(spawn.status).toBe(201);
    const id = spawn.body.id as string;
    expect(spawn.body.envKeys).toContain('ANTHROPIC_API_KEY');
    expect(JSON.stringify(spawn.body)).not.toContain(KEY);

    await waitEvent(h, id, (e) => e.type === 'output' && e.text === 'Created created.txt.', 'first turn output', 60_000);
    await waitState(h, id, 'ready');
    expect(readFileSync(join(cwd, 'created.txt'), 'utf8')).toBe('hello\n');
    const guarded = await request(nc, dcgRpcs.decisions, { agentId: id });
    expect(guarded.items.at(-1)).toMatchObject({ source: 'guard', tool: 'Bash', command: 'echo hello > created.txt', decision: 'allow' });

    const events = await allEvents(h, id);
    const states = events.flatMap((e) => (e.type === 'state' && e.from !== e.to && e.from !== undefined ? [`${e.from}>${e.to}`] : []));
    expect(states.slice(0, 3)).toEqual(['spawning>initializing', 'initializing>ready', 'ready>executing']);
    expect(states).toContain('executing>ready');
    const start = events.find((e) => e.type === 'tool_call_start');
    const end = events.find((e) => e.type === 'tool_call_end');
    expect(start).toMatchObject({ tool: 'Bash' });
    expect(end).toMatchObject({ tool: 'Bash', isError: false, toolCallId: start?.type === 'tool_call_start' ? start.toolCallId : '' });
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));

    // /output with a cursor one item at a time: same items, no gaps or duplicates.
    const paged: number[] = [];
    let cursor: string | undefined;
    do {
      const page = await h.http('GET', `/agents/${id}/output?limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      paged.push(...page.body.items.map((e: { seq: number }) => e.seq));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(paged).toEqual(events.filter((e) => e.type === 'output' || e.type === 'thinking').map((e) => e.seq));

    await waitFor(() => usageOnNats.items.length >= 2, { what: 'usage records', timeoutMs: 10_000 });
    const usage = usageOnNats.items.map((i) => UsageRecord.parse(i.data));
    expect(usage.map((u) => u.messageId)).toEqual(['msg_t1', 'msg_t2']);
    expect(usage[0].usage).toMatchObject({ inputTokens: 100, outputTokens: 20 });
    expect(usage.map((u) => u.granularity)).toEqual(['message', 'message']);
    expect(usage[1].reportedCostUsd).toBeGreaterThan(0);
    await waitFor(() => onNats.items.some((i) => i.subject === `agent.tools.${id}`) && onNats.items.some((i) => i.subject === `agent.state.${id}`), {
      what: 'agent events on NATS',
    });

    // A follow-up continues the same Claude Code session.
    const sessionId = (await h.http('GET', `/agents/${id}`)).body.sessionId;
    expect((await h.http('POST', `/agents/${id}/send`, { message: 'are you there?' })).status).toBe(202);
    await waitEvent(h, id, (e) => e.type === 'output' && e.text === 'Still the same session.', 'follow-up answer', 30_000);
    const main = model.requests().filter((r) => r.key === KEY && r.kind === 'main');
    const history = (main.at(-1)!.body as { messages: unknown[] }).messages;
    expect(history.length).toBeGreaterThan(3);
    expect((await h.http('GET', `/agents/${id}`)).body.sessionId).toBe(sessionId);

    // Interrupt mid-turn while Bash sleeps.
    await waitState(h, id, 'ready');
    await h.http('POST', `/agents/${id}/send`, { message: 'wait a while' });
    await waitEvent(h, id, (e) => e.type === 'tool_call_start' && JSON.stringify(e.input).includes('30000'), 'sleep started', 30_000);
    expect((await h.http('GET', `/agents/${id}`)).body.state).toBe('executing');
    // Nothing happens while the tool waits: the stall detector says so.
    await waitEvent(h, id, (e) => e.type === 'state' && e.activity === 'stalled', 'stalled', 10_000);
    const interrupted = await h.http('POST', `/agents/${id}/interrupt`);
    expect(interrupted.status).toBe(202);
    // The reply waits for Claude Code to end the interrupted turn.
    expect(interrupted.body.state).toBe('ready');

    const pid = (await h.http('GET', `/agents/${id}`)).body.pid as number;
    expect(pidAlive(pid)).toBe(true);
    const del = await h.http('DELETE', `/agents/${id}`);
    expect(del.body.state).toBe('terminated');
    expect(pidAlive(-pid)).toBe(false);
    expect(existsSync(cwd)).toBe(true);
    onNats.stop();
    usageOnNats.stop();
  }, 120_000);

  it('checkpoints automatically every N messages and restores a manual checkpoint by resuming the session there', async () => {
    const key = 'sdk-checkpoints';
    model.setScript(key, [
      { model: MODEL, content: [{ type: 'text', text: 'alpha' }] },
      { model: MODEL, content: [{ type: 'text', text: 'beta' }] },
      { model: MODEL, content: [{ type: 'text', text: 'after restore' }] },
    ]);
    const env = claudeEnv(model.url, key, h.tmp('fw-sdk-home-'));
    const id = (await h.http('POST', '/agents', { driver: 'sdk', workingDirectory: h.tmp('fw-sdk-cp-'), model: MODEL, prompt: 'say alpha', env })).body
      .id as string;
    await waitEvent(h, id, (e) => e.type === 'output' && e.text === 'alpha', 'alpha', 60_000);
    await waitState(h, id, 'ready');
    const manual = await h.http('POST', `/agents/${id}/checkpoints`);
    expect(manual.status).toBe(201);
    expect(manual.body.sessionId).toBeTruthy();
    await h.http('POST', `/agents/${id}/send`, { message: 'say beta' });
    await waitEvent(h, id, (e) => e.type === 'output' && e.text === 'beta', 'beta', 30_000);
    await waitState(h, id, 'ready');
    const all = (await h.http('GET', `/agents/${id}/checkpoints`)).body.items;
    expect(all.map((c: { reason: string; messageCount: number }) => [c.reason, c.messageCount])).toEqual([
      ['manual', 1],
      ['auto', 2],
    ]);

    const restored = await h.http('POST', `/agents/${id}/checkpoints/${manual.body.id}/restore`);
    expect(restored.status).toBe(200);
    await waitState(h, id, 'ready', 30_000);
    await h.http('POST', `/agents/${id}/send`, { message: 'what did you say?' });
    await waitEvent(h, id, (e) => e.type === 'output' && e.text === 'after restore', 'answer after restore', 30_000);
    const last = JSON.stringify(
      model
        .requests()
        .filter((r) => r.key === key && r.kind === 'main')
        .at(-1)!.body,
    );
    expect(last).toContain('alpha');
    expect(last).not.toContain('beta');

    // Claude Code dying under us is reported, not hidden.
    process.kill((await h.http('GET', `/agents/${id}`)).body.pid, 'SIGKILL');
    await waitState(h, id, 'failed');
    expect((await h.http('GET', `/agents/${id}`)).body.stateReason).toMatch(/process exited .*SIGKILL|reaper/);
  }, 90_000);
});
