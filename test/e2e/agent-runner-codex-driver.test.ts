import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageRecord } from '@flywheel/contracts';
import { connectNats, type NatsConnection } from '@flywheel/kit';
import { testLogger, waitFor } from '@flywheel/kit/testing';
import type { ScriptedModel } from '@flywheel/scripted-model';
import type { Stack } from '../support/index.ts';
import { allEvents, waitEvent, waitState } from './helpers/agent-events.ts';
import { collect } from './helpers/collect.ts';
import { CODEX_RUNNER_ENV, codexHome } from './helpers/agent-cli.ts';
import { startWithModel, stopWithModel } from './helpers/model-stack.ts';

const KEY = 'codex-acceptance';

describe('codex driver: the real codex CLI against the scripted Responses endpoint', () => {
  let h: Stack;
  let model: ScriptedModel;
  let nc: NatsConnection;

  beforeAll(async () => {
    ({ h, model } = await startWithModel({ services: ['gateway-api', { name: 'agent-runner', id: 'r-codex', env: CODEX_RUNNER_ENV }] }));
    model.setScript(KEY, [
      {
        content: [
          { type: 'text', text: 'Creating the file.' },
          { type: 'tool_use', name: 'exec_command', input: { cmd: 'echo codex-was-here > codex.txt' } },
        ],
        usage: { input_tokens: 500, output_tokens: 40 },
      },
      { content: [{ type: 'text', text: 'Done.' }], usage: { input_tokens: 50, output_tokens: 8 } },
      { content: [{ type: 'text', text: 'Same thread.' }], usage: { input_tokens: 70, output_tokens: 9 } },
      {
        content: [{ type: 'tool_use', name: 'exec_command', input: { cmd: 'node -e "setTimeout(() => {}, 30000)"' } }],
        usage: { input_tokens: 10, output_tokens: 1 },
      },
    ]);
    nc = await connectNats({ url: h.nats.url, name: 't', logger: testLogger() });
  });
  afterAll(async () => {
    await nc?.drain();
    await stopWithModel(h, model);
  });

  it('runs a command, reports usage per turn, resumes the thread on send, interrupts, terminates', async () => {
    const usageOnNats = collect(nc, 'usage.>');
    const env = codexHome(h.tmp('fw-codex-home-'), model.url, KEY);
    const cwd = h.tmp('fw-codex-cwd-');
    const spawn = await h.http('POST', '/agents', {
      driver: 'codex',
      workingDirectory: cwd,
      model: 'gpt-5.5',
      prompt: 'create the file',
      env,
    });
    expect(spawn.status).toBe(201);
    const id = spawn.body.id as string;
    await waitEvent(h, id, (e) => e.type === 'output' && e.text === 'Done.', 'first turn', 60_000);
    await waitState(h, id, 'ready');
    expect(readFileSync(join(cwd, 'codex.txt'), 'utf8')).toBe('codex-was-here\n');
    const tools = (await allEvents(h, id)).filter((e) => e.type === 'tool_call_start' || e.type === 'tool_call_end');
    expect(tools.map((e) => e.type)).toEqual(['tool_call_start', 'tool_call_end']);
    await waitFor(() => usageOnNats.items.length === 1, { what: 'usage record' });
    expect(UsageRecord.parse(usageOnNats.items[0].data)).toMatchObject({ agentId: id, provider: 'openai', usage: { inputTokens: 550, outputTokens: 48 } });

    await h.http('POST', `/agents/${id}/send`, { message: 'still there?' });
    await waitEvent(h, id, (e) => e.type === 'output' && e.text === 'Same thread.', 'resumed turn', 60_000);
    await waitFor(() => usageOnNats.items.length === 2, { what: 'second usage record' });
    expect(UsageRecord.parse(usageOnNats.items[1].data).usage).toMatchObject({ inputTokens: 70, outputTokens: 9 });
    const last = model
      .requests()
      .filter((r) => r.key === KEY)
      .at(-1)!;
    expect(JSON.stringify(last.body)).toContain('create the file');

    await waitState(h, id, 'ready');
    await h.http('POST', `/agents/${id}/send`, { message: 'wait' });
    await waitEvent(h, id, (e) => e.type === 'tool_call_start' && JSON.stringify(e.input).includes('30000'), 'long command', 60_000);
    const interrupted = await h.http('POST', `/agents/${id}/interrupt`);
    expect(interrupted.status).toBe(202);
    expect(interrupted.body.state).toBe('ready');
    // The reply came once the turn's process was gone.
    expect((await h.http('GET', `/agents/${id}`)).body.pid).toBeUndefined();
    expect((await h.http('DELETE', `/agents/${id}`)).body.state).toBe('terminated');
    usageOnNats.stop();
  }, 120_000);
});
