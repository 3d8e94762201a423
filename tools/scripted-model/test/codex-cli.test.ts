import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startScriptedModel, type ScriptedModel } from '../src/index.ts';
import { runCodex } from './helpers/run-codex.ts';
import { tempDir } from './helpers/temp-dir.ts';

describe('real Codex CLI 0.169.0 against the scripted Responses endpoint', () => {
  let model: ScriptedModel;
  let work: Awaited<ReturnType<typeof tempDir>>;
  beforeEach(async () => {
    model = await startScriptedModel();
    work = await tempDir('sm-codex-work-');
  });
  afterEach(async () => {
    await model.close();
    await work.remove();
  });

  it('runs the scripted exec_command call and reports the usage in turn.completed', async () => {
    model.setScript('sk-codex-test', [
      {
        content: [
          { type: 'text', text: 'Creating the file.' },
          { type: 'tool_use', name: 'exec_command', input: { cmd: 'echo codex-was-here > codex.txt' } },
        ],
        usage: { input_tokens: 500, output_tokens: 40, cache_read_input_tokens: 100 },
      },
      { content: [{ type: 'text', text: 'Done.' }], usage: { input_tokens: 50, output_tokens: 8 } },
    ]);

    const run = await runCodex(model.url, 'sk-codex-test', 'create the file', work.path);

    expect(run.code, run.stderr).toBe(0);
    expect(readFileSync(join(work.path, 'codex.txt'), 'utf8')).toBe('codex-was-here\n');
    const items = run.events.filter((e) => e.type === 'item.completed').map((e) => e.item);
    expect(items.map((i) => i.type)).toEqual(['agent_message', 'command_execution', 'agent_message']);
    expect(items[1]).toMatchObject({ exit_code: 0, status: 'completed' });
    expect(run.events.find((e) => e.type === 'turn.completed')!.usage).toMatchObject({ input_tokens: 650, cached_input_tokens: 100, output_tokens: 48 });
    const second = model.requests()[1].body as { input: Array<Record<string, unknown>> };
    expect(second.input.at(-1)).toMatchObject({ type: 'function_call_output', output: expect.stringContaining('Process exited with code 0') });
  });
});
