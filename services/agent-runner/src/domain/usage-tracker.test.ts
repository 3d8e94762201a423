import { describe, expect, it } from 'vitest';
import type { UsageDraft } from './driver-event.ts';
import { createUsageTracker } from './usage-tracker.ts';

const start = (id: string, input: number) => ({ type: 'message_start', message: { id, model: 'claude-x', usage: { input_tokens: input, output_tokens: 1 } } });
const delta = (output: number, stop: string) => ({ type: 'message_delta', usage: { output_tokens: output }, delta: { stop_reason: stop } });
const stop = { type: 'message_stop' };

describe('usage tracker', () => {
  it('publishes one record per message with the final output tokens, the tool-use message at once', () => {
    const got: UsageDraft[] = [];
    const t = createUsageTracker((u) => got.push(u));
    for (const e of [start('m1', 100), delta(20, 'tool_use'), stop]) t.onStreamEvent(e);
    expect(got).toHaveLength(1);
    expect(got[0]).toMatchObject({ messageId: 'm1', usage: { inputTokens: 100, outputTokens: 20 }, granularity: 'message' });
    t.onAssistant({ id: 'm1', model: 'claude-x', usage: { input_tokens: 100, output_tokens: 1 } });
    expect(got).toHaveLength(1);
  });

  it('puts the turn cost on the last message, scoped to the turn, and only the new cost on the next turn', () => {
    const got: UsageDraft[] = [];
    const t = createUsageTracker((u) => got.push(u));
    for (const e of [start('m1', 100), delta(20, 'tool_use'), stop, start('m2', 50), delta(5, 'end_turn'), stop]) t.onStreamEvent(e);
    expect(got).toHaveLength(1);
    t.onResult({ 'claude-x[1m]': { costUSD: 0.5 } });
    expect(got[1]).toMatchObject({ messageId: 'm2', reportedCostUsd: 0.5, reportedCostScope: 'turn' });
    for (const e of [start('m3', 10), delta(2, 'end_turn'), stop]) t.onStreamEvent(e);
    t.onResult({ 'claude-x': { costUSD: 0.75 } });
    expect(got[2]).toMatchObject({ messageId: 'm3', reportedCostUsd: 0.25, reportedCostScope: 'message' });
  });

  it('carries the cost of an interrupted turn (no final message) to the next record, scoped to the turn', () => {
    const got: UsageDraft[] = [];
    const t = createUsageTracker((u) => got.push(u));
    for (const e of [start('m1', 100), delta(20, 'tool_use'), stop]) t.onStreamEvent(e);
    t.onResult({ 'claude-x': { costUSD: 1.5 } });
    expect(got).toHaveLength(1);
    for (const e of [start('m2', 10), delta(2, 'end_turn'), stop]) t.onStreamEvent(e);
    t.onResult({ 'claude-x': { costUSD: 1.6 } });
    expect(got[1]).toMatchObject({ messageId: 'm2', reportedCostScope: 'turn' });
    expect(got[1].reportedCostUsd).toBeCloseTo(1.6);
  });
});
