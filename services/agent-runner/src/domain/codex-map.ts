import { z } from 'zod';
import type { EventDraft, UsageDraft } from './driver-event.ts';

/** `codex exec --json` lines (0.169.0): thread.*, turn.*, item.* and error. */
export const CodexEvent = z.looseObject({
  type: z.string(),
  thread_id: z.string().optional(),
  message: z.string().optional(),
  error: z.looseObject({ message: z.string() }).optional(),
  usage: z
    .looseObject({
      input_tokens: z.number(),
      cached_input_tokens: z.number().optional(),
      cache_write_input_tokens: z.number().optional(),
      output_tokens: z.number(),
    })
    .optional(),
  item: z
    .looseObject({
      id: z.string(),
      type: z.string(),
      text: z.string().optional(),
      command: z.string().optional(),
      aggregated_output: z.string().optional(),
      exit_code: z.number().nullish(),
      status: z.string().optional(),
      changes: z.array(z.looseObject({ path: z.string(), kind: z.string() })).optional(),
      server: z.string().optional(),
      tool: z.string().optional(),
      arguments: z.unknown().optional(),
      result: z.unknown().optional(),
    })
    .optional(),
});
export type CodexEvent = z.infer<typeof CodexEvent>;

export interface CodexState {
  threadId?: string;
  /** Turns run in this session; item ids restart at item_0 each exec, so tool ids carry the turn. */
  turn: number;
  started: Map<string, number>;
  /** turn.completed usage is cumulative over the thread; records carry the difference. */
  totals: { input: number; cached: number; cacheWrite: number; output: number };
}

export interface CodexMapped {
  events: EventDraft[];
  usage?: UsageDraft;
  turnEnded?: { error?: string };
}

const TOOL_ITEMS: Record<string, string> = { command_execution: 'shell', file_change: 'apply_patch', mcp_tool_call: 'mcp', web_search: 'web_search' };

function itemEvents(e: CodexEvent, s: CodexState, now: number): EventDraft[] {
  const it = e.item!;
  const id = `t${s.turn}:${it.id}`;
  if (it.type === 'agent_message') return e.type === 'item.completed' && it.text ? [{ type: 'output', stream: 'assistant', text: it.text }] : [];
  if (it.type === 'reasoning') return e.type === 'item.completed' && it.text ? [{ type: 'thinking', text: it.text }] : [];
  const tool = it.type === 'mcp_tool_call' ? `${it.server}/${it.tool}` : TOOL_ITEMS[it.type];
  if (!tool) return [];
  const input = it.type === 'command_execution' ? { command: it.command } : it.type === 'mcp_tool_call' ? it.arguments : { changes: it.changes };
  const out: EventDraft[] = [];
  if (!s.started.has(id)) {
    s.started.set(id, now);
    out.push({ type: 'tool_call_start', toolCallId: id, tool, input });
  }
  if (e.type !== 'item.completed') return out;
  const files = (it.changes ?? []).map((c): EventDraft => ({ type: 'file', op: c.kind === 'add' ? 'write' : 'edit', path: c.path, toolCallId: id }));
  const isError = it.status === 'failed' || (it.exit_code !== undefined && it.exit_code !== null && it.exit_code !== 0);
  out.push(...files, { type: 'tool_call_end', toolCallId: id, tool, result: it.aggregated_output ?? it.result, isError, durationMs: now - s.started.get(id)! });
  s.started.delete(id);
  return out;
}

function turnUsage(e: CodexEvent, s: CodexState, model: string): UsageDraft {
  const u = e.usage!;
  const t = { input: u.input_tokens, cached: u.cached_input_tokens ?? 0, cacheWrite: u.cache_write_input_tokens ?? 0, output: u.output_tokens };
  const d = {
    input: t.input - s.totals.input,
    cached: t.cached - s.totals.cached,
    cacheWrite: t.cacheWrite - s.totals.cacheWrite,
    output: t.output - s.totals.output,
  };
  s.totals = t;
  return {
    // Codex reports no provider message id; thread + turn is stable across redeliveries.
    messageId: `${s.threadId ?? 'thread'}:turn-${s.turn}`,
    model,
    // OpenAI counts cached tokens inside input_tokens.
    usage: { inputTokens: Math.max(0, d.input - d.cached), outputTokens: d.output, cacheReadInputTokens: d.cached, cacheCreationInputTokens: d.cacheWrite },
    // Every Responses call of the turn (tool round trips included) summed: codex exec reports no finer numbers.
    granularity: 'turn',
  };
}

/** Maps one codex exec --json line to events, a usage record (turn.completed) and turn end. */
export function mapCodexEvent(e: CodexEvent, s: CodexState, model: string, now = Date.now()): CodexMapped {
  switch (e.type) {
    case 'thread.started':
      s.threadId = e.thread_id;
      return { events: [] };
    case 'item.started':
    case 'item.updated':
    case 'item.completed':
      return { events: e.item ? itemEvents(e, s, now) : [] };
    case 'turn.completed':
      return { events: [], usage: e.usage ? turnUsage(e, s, model) : undefined, turnEnded: {} };
    case 'turn.failed':
      return { events: [], turnEnded: { error: e.error?.message ?? 'turn failed' } };
    case 'error':
      return { events: [{ type: 'error', error: { code: 'INTERNAL', message: e.message ?? 'codex error' } }] };
    default:
      return { events: [] };
  }
}
