import { describe, expect, it } from 'vitest';
import { AcpUpdate, mapAcpUpdate, type AcpTools } from './acp-map.ts';

describe('mapAcpUpdate', () => {
  it('maps text, a tool call with its file location, and its completion with duration', () => {
    const tools: AcpTools = new Map();
    const u = (x: unknown) => AcpUpdate.parse(x);
    expect(mapAcpUpdate(u({ sessionUpdate: 'agent_message_chunk', content: { type: 'text', text: 'hi' } }), tools)).toEqual([
      { type: 'output', stream: 'assistant', text: 'hi' },
    ]);
    const start = mapAcpUpdate(
      u({
        sessionUpdate: 'tool_call',
        toolCallId: 'c1',
        title: 'Read',
        kind: 'read',
        status: 'pending',
        locations: [{ path: '/p/a' }],
        rawInput: { path: '/p/a' },
      }),
      tools,
      100,
    );
    expect(start).toEqual([
      { type: 'tool_call_start', toolCallId: 'c1', tool: 'read', input: { path: '/p/a' } },
      { type: 'file', op: 'read', path: '/p/a', toolCallId: 'c1' },
    ]);
    const end = mapAcpUpdate(u({ sessionUpdate: 'tool_call_update', toolCallId: 'c1', status: 'completed', rawOutput: { ok: true } }), tools, 160);
    expect(end).toEqual([{ type: 'tool_call_end', toolCallId: 'c1', tool: 'read', result: { ok: true }, isError: false, durationMs: 60 }]);
  });
});
