import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '@flywheel/kit/testing';
import { startScriptedModel, type ScriptedModel } from '@flywheel/scripted-model';
import { startStack, type Stack } from '../support/index.ts';
import { allEvents } from './helpers/agent-events.ts';
import { claudeEnv, MODEL } from './helpers/agent-cli.ts';

const ASK_PACK = JSON.stringify({
  id: 'test.held',
  name: 'Held files',
  description: 'touch held-* needs a human',
  keywords: ['held-'],
  rules: [{ id: 'touch-held', severity: 'medium', action: 'ask', explanation: 'Creating held-* files needs a human.', pattern: 'touch\\s+held-' }],
});

describe('attention: a real Claude Code agent that needs a person says so', () => {
  let h: Stack;
  let model: ScriptedModel;
  beforeAll(async () => {
    model = await startScriptedModel();
    h = await startStack({
      services: ['gateway-api', { name: 'agent-runner', id: 'r-attn' }, { name: 'safety', env: { COORDINATION_CHECK: 'off', APPROVAL_TIMEOUT_MS: '60000' } }],
    });
    expect((await h.http('POST', '/dcg/packs', { format: 'json', content: ASK_PACK })).status).toBe(201);
  });
  afterAll(async () => {
    await h?.stop();
    await model?.close();
  });

  it('approval while a guarded call waits, none after the decision; input when the turn ends with a question', async () => {
    const KEY = 'attention';
    const dir = h.tmp('fw-attn-');
    model.setScript(KEY, [
      { model: MODEL, content: [{ type: 'tool_use', name: 'Bash', input: { command: 'touch held-x', description: 'make it' } }] },
      { model: MODEL, content: [{ type: 'text', text: 'Made held-x. Which file should I edit next?' }] },
    ]);
    const spawned = await h.http('POST', '/agents', {
      driver: 'sdk',
      workingDirectory: dir,
      model: MODEL,
      prompt: 'make held-x',
      env: claudeEnv(model.url, KEY, h.tmp('fw-attn-home-')),
    });
    expect(spawned.status, JSON.stringify(spawned.body)).toBe(201);
    const id = spawned.body.id as string;
    expect(spawned.body.guard).toBe('guarded');
    const agent = async () => (await h.http('GET', `/agents/${id}`)).body;

    await waitFor(async () => (await agent()).attention === 'approval', { what: 'attention approval', timeoutMs: 60_000 });
    expect((await h.http('GET', '/agents')).body.items.find((a: { id: string }) => a.id === id)).toMatchObject({ attention: 'approval' });
    const pending = await waitFor(
      async () =>
        (await h.http('GET', '/dcg/exceptions?status=pending', undefined, { as: 'admin' })).body.items.find(
          (e: { command: string }) => e.command === 'touch held-x',
        ),
      { what: 'pending exception' },
    );
    expect((await h.http('POST', `/dcg/exceptions/${pending.shortCode}/approve`, { grant: 'once' }, { as: 'admin' })).status).toBe(200);

    const done = await waitFor(
      async () => {
        const a = await agent();
        return a.state === 'ready' ? a : undefined;
      },
      { what: 'turn ended', timeoutMs: 60_000 },
    );
    expect(existsSync(join(dir, 'held-x'))).toBe(true);
    expect(done.attention).toBe('input');

    const attention = (await allEvents(h, id))
      .filter((e) => e.type === 'state' && e.attention !== undefined)
      .map((e) => (e as { attention: string }).attention);
    const firstApproval = attention.indexOf('approval');
    expect(firstApproval).toBeGreaterThan(-1);
    expect(attention[firstApproval + 1]).toBe('none');
    expect(attention.at(-1)).toBe('input');

    // The next message answers the question.
    model.setScript(KEY, [{ model: MODEL, content: [{ type: 'text', text: 'Editing a.ts.' }] }]);
    expect((await h.http('POST', `/agents/${id}/send`, { message: 'a.ts' })).status).toBe(202);
    await waitFor(
      async () => {
        const a = await agent();
        return a.state === 'ready' && model.scriptStatus()[KEY]?.remaining === 0 && a.attention === 'none';
      },
      { what: 'answered', timeoutMs: 60_000 },
    );
  }, 150_000);
});
