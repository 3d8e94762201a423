import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guardRpc } from '@flywheel/contracts';
import { connectNats, serve, type NatsConnection } from '@flywheel/kit';
import { testLogger } from '@flywheel/kit/testing';
import { pidAlive, startStack, type Stack } from '../support/index.ts';
import { allEvents, waitEvent, waitState } from './helpers/agent-events.ts';

// The runnable example agent shipped by @agentclientprotocol/sdk 1.9.0.
const require = createRequire(import.meta.url);
const EXAMPLE_AGENT = join(dirname(require.resolve('@agentclientprotocol/sdk')), 'examples', 'agent.js');

describe('acp driver against the ACP SDK example agent', () => {
  let h: Stack;
  let nc: NatsConnection;
  let decision: 'allow' | 'deny' = 'allow';
  const asked: string[] = [];

  beforeAll(async () => {
    h = await startStack({ services: ['gateway-api', { name: 'agent-runner', id: 'r-acp' }] });
    nc = await connectNats({ url: h.nats.url, name: 'fake-guard', logger: testLogger() });
    serve(
      nc,
      guardRpc,
      (req) => {
        asked.push(req.toolCallId ?? '');
        return { decision, reason: decision === 'deny' ? 'config edits need review' : undefined };
      },
      { logger: testLogger() },
    );
  });
  afterAll(async () => {
    await nc?.drain();
    await h?.stop();
  });

  it('prompts, answers the permission request from the guard (allow, then deny), cancels mid-turn', async () => {
    const spawn = await h.http('POST', '/agents', {
      driver: 'acp',
      workingDirectory: h.tmp('fw-acp-'),
      command: [process.execPath, EXAMPLE_AGENT],
      prompt: 'Hello, agent!',
    });
    expect(spawn.status).toBe(201);
    const id = spawn.body.id as string;
    await waitEvent(h, id, (e) => e.type === 'output' && e.text.includes('successfully updated'), 'allowed edit', 20_000);
    await waitState(h, id, 'ready');
    expect(asked).toEqual(['call_2']);
    const first = await allEvents(h, id);
    expect(first.filter((e) => e.type === 'tool_call_end').map((e) => e.type === 'tool_call_end' && [e.toolCallId, e.isError])).toEqual([
      ['call_1', false],
      ['call_2', false],
    ]);
    expect(first.some((e) => e.type === 'file' && e.path === '/project/config.json' && e.op === 'edit')).toBe(true);
    // The example agent calls no model and reports no usage (no PromptResponse.usage, no usage_update): no records.
    expect(first.some((e) => e.type === 'usage')).toBe(false);

    decision = 'deny';
    await h.http('POST', `/agents/${id}/send`, { message: 'again' });
    await waitEvent(h, id, (e) => e.type === 'output' && e.text.includes("I'll skip the configuration update"), 'denied edit skipped', 20_000);
    await waitEvent(h, id, (e) => e.type === 'error' && e.error.code === 'BLOCKED_BY_POLICY' && e.error.message === 'config edits need review', 'deny reason');
    await waitState(h, id, 'ready');

    const before = (await allEvents(h, id)).length;
    await h.http('POST', `/agents/${id}/send`, { message: 'third time' });
    await waitEvent(h, id, (e) => e.seq > before && e.type === 'output' && e.text.startsWith("I'll help you"), 'third turn started');
    const cancel = await h.http('POST', `/agents/${id}/interrupt`);
    expect(cancel.status).toBe(202);
    expect(cancel.body.state).toBe('ready');
    const after = (await allEvents(h, id)).filter((e) => e.seq > before);
    expect(after.some((e) => e.type === 'tool_call_end' && e.toolCallId === 'call_2')).toBe(false);

    const pid = (await h.http('GET', `/agents/${id}`)).body.pid as number;
    expect((await h.http('DELETE', `/agents/${id}`)).body.state).toBe('terminated');
    expect(pidAlive(-pid)).toBe(false);
  }, 60_000);
});
