import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CodexEvent, mapCodexEvent, type CodexState } from './codex-map.ts';

// Captured from the real codex 0.169.0 `exec --json` against the scripted model's Responses endpoint.
const FIXTURE = new URL('../../test/fixtures/codex-0.169.0-exec.jsonl', import.meta.url);
const lines = readFileSync(FIXTURE, 'utf8')
  .trim()
  .split('\n')
  .map((l) => CodexEvent.parse(JSON.parse(l)));
const fresh = (): CodexState => ({ turn: 1, started: new Map(), totals: { input: 0, cached: 0, cacheWrite: 0, output: 0 } });

describe('mapCodexEvent on recorded codex exec --json output', () => {
  it('maps messages, the command as a tool call, reasoning, and the turn usage', () => {
    const s = fresh();
    const mapped = lines.map((e, i) => mapCodexEvent(e, s, 'gpt-5.5', 1000 + i));
    const events = mapped.flatMap((m) => m.events);
    expect(events).toEqual([
      { type: 'output', stream: 'assistant', text: 'Creating the file.' },
      { type: 'tool_call_start', toolCallId: 't1:item_1', tool: 'shell', input: { command: "/bin/bash -lc 'echo hi > codex.txt'" } },
      { type: 'tool_call_end', toolCallId: 't1:item_1', tool: 'shell', result: '', isError: false, durationMs: 1 },
      { type: 'thinking', text: 'all good' },
      { type: 'output', stream: 'assistant', text: 'Done.' },
    ]);
    const usage = mapped.find((m) => m.usage)!.usage!;
    expect(usage).toEqual({
      messageId: '01a21360-623c-7bc3-9772-82d20b426116:turn-1',
      model: 'gpt-5.5',
      usage: { inputTokens: 550, outputTokens: 48, cacheReadInputTokens: 100, cacheCreationInputTokens: 0 },
      granularity: 'turn',
    });
    expect(mapped.at(-1)!.turnEnded).toEqual({});
  });

  it('turns the thread-cumulative usage of a resumed turn into the difference', () => {
    const s = fresh();
    for (const e of lines) mapCodexEvent(e, s, 'm');
    s.turn = 2;
    const second = mapCodexEvent(
      CodexEvent.parse({ type: 'turn.completed', usage: { input_tokens: 720, cached_input_tokens: 100, output_tokens: 57 } }),
      s,
      'm',
    );
    expect(second.usage!.usage).toMatchObject({ inputTokens: 70, outputTokens: 9, cacheReadInputTokens: 0 });
    expect(second.usage!.messageId).toMatch(/:turn-2$/);
  });
});
