import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadScriptFile, startScriptedModel, type ScriptedModel } from '../src/index.ts';
import { runClaude } from './helpers/run-claude.ts';
import { tempDir } from './helpers/temp-dir.ts';

const EXAMPLE = resolve(import.meta.dirname, '../examples/bash-create-file.json');

type Event = Record<string, any>;
const blocksOf = (events: Event[], role: 'assistant' | 'user', type: string) =>
  events
    .filter((e) => e.type === role)
    .flatMap((e) => e.message.content as Event[])
    .filter((b) => typeof b === 'object' && b.type === type);

describe('real Claude Code 2.1.197 against the scripted model', () => {
  let model: ScriptedModel;
  let work: Awaited<ReturnType<typeof tempDir>>;
  beforeEach(async () => {
    const file = await loadScriptFile(EXAMPLE);
    model = await startScriptedModel({ scripts: { 'sk-cli-test': file.turns } });
    work = await tempDir('sm-cli-work-');
  });
  afterEach(async () => {
    await model.close();
    await work.remove();
  });

  it("runs the scripted Bash tool call, creates the file and reports the script's usage", async () => {
    const run = await runClaude({ baseUrl: model.url, apiKey: 'sk-cli-test', prompt: 'create the file', cwd: work.path });

    expect(run.code, run.stderr).toBe(0);
    expect(readFileSync(join(work.path, 'scripted.txt'), 'utf8')).toBe('hello from the scripted model\n');
    const [toolUse] = blocksOf(run.events, 'assistant', 'tool_use');
    const [toolResult] = blocksOf(run.events, 'user', 'tool_result');
    expect(toolUse).toMatchObject({ name: 'Bash', input: { command: expect.stringContaining('scripted.txt') } });
    expect(toolResult).toMatchObject({ tool_use_id: toolUse.id, is_error: false, content: 'hello from the scripted model' });
    const result = run.events.find((e) => e.type === 'result')!;
    expect(result).toMatchObject({ subtype: 'success', is_error: false, result: 'Done: scripted.txt created.', num_turns: 2 });
    expect(result.usage).toMatchObject({
      input_tokens: 1240,
      output_tokens: 92,
      cache_read_input_tokens: 4200,
      cache_creation_input_tokens: 3000,
      cache_creation: { ephemeral_5m_input_tokens: 3000, ephemeral_1h_input_tokens: 0 },
    });
  });

  it('sends the tool result back to the model on the next request', async () => {
    await runClaude({ baseUrl: model.url, apiKey: 'sk-cli-test', prompt: 'create the file', cwd: work.path });

    const main = model.requests().filter((r) => r.kind === 'main');
    expect(main.map((r) => r.turnIndex)).toEqual([0, 1]);
    const lastMessage = (main[1].body as { messages: Event[] }).messages.at(-1)!;
    expect(lastMessage.content).toEqual([expect.objectContaining({ type: 'tool_result', content: 'hello from the scripted model', is_error: false })]);
  });

  it('when the script runs out, ends the turn with the default reply instead of hanging', async () => {
    model.setScript('sk-cli-test', []);
    const run = await runClaude({ baseUrl: model.url, apiKey: 'sk-cli-test', prompt: 'anything', cwd: work.path });

    expect(run.events.find((e) => e.type === 'result')).toMatchObject({ subtype: 'success', result: 'ok' });
    expect(existsSync(join(work.path, 'scripted.txt'))).toBe(false);
  });
});
