import { describe, expect, it } from 'vitest';
import { AcpPromptResult, AcpUpdate, acpTurnUsage, mapAcpUpdate, noteAcpCost, type AcpTools, type AcpUsageState } from './acp-map.ts';

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

describe('acpTurnUsage', () => {
  const state = (model?: string): AcpUsageState => ({ sessionId: 's1', turn: 0, model, costReported: 0 });

  it("maps ACP's PromptResponse.usage to one turn record with the session's model and the cost usage_update reported since the last turn", () => {
    const s = state('claude-sonnet-4-5');
    noteAcpCost(AcpUpdate.parse({ sessionUpdate: 'usage_update', used: 900, size: 200_000, cost: { amount: 0.25, currency: 'USD' } }), s);
    const res = AcpPromptResult.parse({ stopReason: 'end_turn', usage: { totalTokens: 1650, inputTokens: 1000, outputTokens: 600, cachedReadTokens: 50 } });
    expect(acpTurnUsage(res, s)).toEqual([
      {
        messageId: 's1:turn-1',
        model: 'claude-sonnet-4-5',
        provider: 'anthropic',
        usage: { inputTokens: 1000, outputTokens: 600, cacheReadInputTokens: 50, cacheCreationInputTokens: 0 },
        granularity: 'turn',
        reportedCostUsd: 0.25,
        reportedCostScope: 'turn',
      },
    ]);
    // Cumulative cost: the next turn carries the difference; a non-dollar cost is not a reported USD figure.
    noteAcpCost(AcpUpdate.parse({ sessionUpdate: 'usage_update', used: 1, size: 2, cost: { amount: 0.4, currency: 'USD' } }), s);
    expect(acpTurnUsage(AcpPromptResult.parse({ stopReason: 'end_turn', usage: { totalTokens: 3, inputTokens: 2, outputTokens: 1 } }), s)[0]).toMatchObject({
      messageId: 's1:turn-2',
      reportedCostUsd: expect.closeTo(0.15, 12),
    });
    noteAcpCost(AcpUpdate.parse({ sessionUpdate: 'usage_update', used: 1, size: 2, cost: { amount: 9, currency: 'EUR' } }), s);
    expect(
      acpTurnUsage(AcpPromptResult.parse({ stopReason: 'end_turn', usage: { totalTokens: 3, inputTokens: 2, outputTokens: 1 } }), s)[0].reportedCostUsd,
    ).toBeUndefined();
  });

  it("maps Gemini CLI's _meta.quota per model; a turn without usage (a slash command) gives no record", () => {
    const s = state();
    const gemini = (models: [string, number, number][]) =>
      AcpPromptResult.parse({
        stopReason: 'end_turn',
        _meta: { quota: { token_count: {}, model_usage: models.map(([model, i, o]) => ({ model, token_count: { input_tokens: i, output_tokens: o } })) } },
      });
    expect(acpTurnUsage(gemini([['gemini-2.5-pro', 120, 30]]), s)).toEqual([
      {
        messageId: 's1:turn-1',
        model: 'gemini-2.5-pro',
        provider: 'google',
        usage: { inputTokens: 120, outputTokens: 30, cacheReadInputTokens: 0, cacheCreationInputTokens: 0 },
        granularity: 'turn',
      },
    ]);
    expect(
      acpTurnUsage(
        gemini([
          ['gemini-2.5-pro', 10, 1],
          ['gemini-2.5-flash', 20, 2],
        ]),
        s,
      ).map((d) => [d.messageId, d.model, d.usage.inputTokens]),
    ).toEqual([
      ['s1:turn-2:gemini-2.5-pro', 'gemini-2.5-pro', 10],
      ['s1:turn-2:gemini-2.5-flash', 'gemini-2.5-flash', 20],
    ]);
    expect(acpTurnUsage(gemini([]), s)).toEqual([]);
    expect(acpTurnUsage(AcpPromptResult.parse({ stopReason: 'end_turn' }), s)).toEqual([]);
  });
});
