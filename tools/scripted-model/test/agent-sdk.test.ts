import { query, type SDKMessage, type SDKResultMessage } from '@anthropic-ai/claude-agent-sdk';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startScriptedModel, type ScriptedModel } from '../src/index.ts';
import { promptQueue, userMessage } from './helpers/prompt-queue.ts';
import { claudeEnv } from './helpers/run-claude.ts';
import { tempDir } from './helpers/temp-dir.ts';

describe('real Agent SDK query() against the scripted model', () => {
  let model: ScriptedModel;
  let work: Awaited<ReturnType<typeof tempDir>>;
  let home: Awaited<ReturnType<typeof tempDir>>;
  beforeEach(async () => {
    model = await startScriptedModel();
    work = await tempDir('sm-sdk-work-');
    home = await tempDir('sm-sdk-home-');
  });
  afterEach(async () => {
    await model.close();
    await work.remove();
    await home.remove();
  });

  it('asks canUseTool before the scripted Bash call, runs it when allowed and continues the session', async () => {
    model.setScript('sk-sdk-test', [
      {
        content: [{ type: 'tool_use', name: 'Bash', input: { command: 'echo from-sdk > sdk.txt', description: 'write' } }],
        usage: { input_tokens: 10, output_tokens: 5 },
      },
      { content: [{ type: 'text', text: 'file written' }], usage: { input_tokens: 11, output_tokens: 6 } },
      { content: [{ type: 'text', text: 'follow-up answered' }], usage: { input_tokens: 12, output_tokens: 7 } },
    ]);
    const asked: Array<{ tool: string; input: Record<string, unknown> }> = [];
    const prompts = promptQueue();
    prompts.push(userMessage('write the file'));
    const messages: SDKMessage[] = [];

    const session = query({
      prompt: prompts.stream(),
      options: {
        cwd: work.path,
        env: claudeEnv(model.url, 'sk-sdk-test', home.path),
        canUseTool: async (tool, input) => {
          asked.push({ tool, input });
          return { behavior: 'allow', updatedInput: input };
        },
      },
    });
    for await (const message of session) {
      messages.push(message);
      if (message.type !== 'result') continue;
      const results = messages.filter((m) => m.type === 'result').length;
      if (results === 1) prompts.push(userMessage('one more thing'));
      else prompts.close();
    }

    expect(asked).toEqual([{ tool: 'Bash', input: { command: 'echo from-sdk > sdk.txt', description: 'write' } }]);
    expect(readFileSync(join(work.path, 'sdk.txt'), 'utf8')).toBe('from-sdk\n');
    const results = messages.filter((m) => m.type === 'result');
    expect(results.map((r) => [r.subtype, 'result' in r ? r.result : null])).toEqual([
      ['success', 'file written'],
      ['success', 'follow-up answered'],
    ]);
    expect(new Set(results.map((r) => r.session_id)).size).toBe(1);
    expect(
      model
        .requests()
        .filter((r) => r.kind === 'main')
        .map((r) => r.turnIndex),
    ).toEqual([0, 1, 2]);
  });

  it('interrupt() mid-turn cuts the scripted stream and the next message continues the session', async () => {
    model.setScript('sk-sdk-interrupt', [
      { content: [{ type: 'text', text: 'a very long answer '.repeat(20) }], delayMs: 20, chunkChars: 1 },
      { content: [{ type: 'text', text: 'after the interrupt' }] },
    ]);
    const prompts = promptQueue();
    prompts.push(userMessage('talk for a long time'));
    const results: SDKResultMessage[] = [];
    let interrupted = false;

    const session = query({
      prompt: prompts.stream(),
      options: { cwd: work.path, env: claudeEnv(model.url, 'sk-sdk-interrupt', home.path), includePartialMessages: true },
    });
    for await (const message of session) {
      if (message.type === 'stream_event' && message.event.type === 'content_block_delta' && !interrupted) {
        interrupted = true;
        await session.interrupt();
      }
      if (message.type !== 'result') continue;
      results.push(message);
      if (results.length === 1) prompts.push(userMessage('are you still there?'));
      else prompts.close();
    }

    expect(results.map((r) => r.subtype)).toEqual(['error_during_execution', 'success']);
    expect('result' in results[1] && results[1].result).toBe('after the interrupt');
    expect(
      model
        .requests()
        .filter((r) => r.kind === 'main')
        .map((r) => [r.turnIndex, r.outcome]),
    ).toEqual([
      [0, 'aborted'],
      [1, 'completed'],
    ]);
  });
});
