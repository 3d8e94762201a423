import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ClaudeMessage, mapClaudeMessage, type ToolTracker } from './claude-map.ts';

const FIXTURE = '/work/shared/fixtures/claude-code-2.1.197-stream-json.jsonl';
const lines = readFileSync(FIXTURE, 'utf8')
  .trim()
  .split('\n')
  .map((l) => ClaudeMessage.parse(JSON.parse(l)));

describe('mapClaudeMessage on recorded Claude Code 2.1.197 output', () => {
  it('maps the Bash tool call, its result with duration, and the closing text', () => {
    const tools: ToolTracker = new Map();
    const drafts = lines.flatMap((m, i) => mapClaudeMessage(m, tools, 1000 + i * 10));
    expect(drafts).toEqual([
      { type: 'tool_call_start', toolCallId: 'toolu_1', tool: 'Bash', input: { command: 'echo hello > out.txt && cat out.txt', description: 'write' } },
      { type: 'tool_call_end', toolCallId: 'toolu_1', tool: 'Bash', result: 'hello', isError: false, durationMs: 10 },
      { type: 'output', stream: 'assistant', text: 'Done.' },
    ]);
    expect(tools.size).toBe(0);
  });

  it('emits a file event for file tools and a rate_limit with its reset time', () => {
    const tools: ToolTracker = new Map();
    const write = ClaudeMessage.parse({
      type: 'assistant',
      message: { id: 'm', content: [{ type: 'tool_use', id: 't', name: 'Write', input: { file_path: '/w/a.txt', content: 'x' } }] },
    });
    expect(mapClaudeMessage(write, tools)[1]).toEqual({ type: 'file', op: 'write', path: '/w/a.txt', toolCallId: 't' });
    const limited = ClaudeMessage.parse({ type: 'rate_limit_event', rate_limit_info: { status: 'rejected', resetsAt: 1_800_000_000 } });
    expect(mapClaudeMessage(limited, tools)).toEqual([{ type: 'rate_limit', resetAt: '2027-01-15T08:00:00.000Z', message: 'rate limit rejected' }]);
  });
});
