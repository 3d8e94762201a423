import { z } from 'zod';
import type { EventDraft } from './driver-event.ts';

/** The parts of Claude Code's stream-json / SDK messages we read; everything else passes through. */
const Block = z.looseObject({
  type: z.string(),
  text: z.string().optional(),
  thinking: z.string().optional(),
  id: z.string().optional(),
  name: z.string().optional(),
  input: z.unknown().optional(),
  tool_use_id: z.string().optional(),
  content: z.unknown().optional(),
  is_error: z.boolean().optional(),
});
export const ClaudeMessage = z.looseObject({
  type: z.string(),
  subtype: z.string().optional(),
  uuid: z.string().optional(),
  session_id: z.string().optional(),
  parent_tool_use_id: z.string().nullable().optional(),
  error: z.string().optional(),
  message: z.looseObject({ id: z.string().optional(), model: z.string().optional(), content: z.union([z.string(), z.array(Block)]).optional() }).optional(),
  rate_limit_info: z.looseObject({ status: z.string(), resetsAt: z.number().optional() }).optional(),
  is_error: z.boolean().optional(),
  result: z.string().optional(),
});
export type ClaudeMessage = z.infer<typeof ClaudeMessage>;

const FILE_TOOLS: Record<string, 'read' | 'write' | 'edit'> = { Read: 'read', Write: 'write', Edit: 'edit', MultiEdit: 'edit', NotebookEdit: 'edit' };

const resultText = (content: unknown): unknown =>
  Array.isArray(content) ? content.map((c) => (c && typeof c === 'object' && 'text' in c ? (c as { text: unknown }).text : c)).join('') : content;

/** Tool calls in flight: name and start time, to fill tool_call_end. */
export type ToolTracker = Map<string, { tool: string; startedAt: number }>;

/** Maps one Claude Code message to normalised event drafts (assistant text, thinking, tool calls, files, rate limits). */
export function mapClaudeMessage(m: ClaudeMessage, tools: ToolTracker, now = Date.now()): EventDraft[] {
  const out: EventDraft[] = [];
  const blocks = Array.isArray(m.message?.content) ? m.message!.content : [];
  if (m.type === 'assistant') {
    if (m.error === 'rate_limit') out.push({ type: 'rate_limit', message: 'model rate limit' });
    for (const b of blocks) {
      if (b.type === 'text' && b.text) out.push({ type: 'output', stream: 'assistant', text: b.text });
      else if (b.type === 'thinking' && b.thinking) out.push({ type: 'thinking', text: b.thinking });
      else if (b.type === 'tool_use' && b.id && b.name) {
        tools.set(b.id, { tool: b.name, startedAt: now });
        out.push({ type: 'tool_call_start', toolCallId: b.id, tool: b.name, input: b.input });
        const op = FILE_TOOLS[b.name];
        const path =
          (b.input as { file_path?: unknown; notebook_path?: unknown } | undefined)?.file_path ?? (b.input as { notebook_path?: unknown })?.notebook_path;
        if (op && typeof path === 'string') out.push({ type: 'file', op, path, toolCallId: b.id });
      }
    }
  } else if (m.type === 'user') {
    for (const b of blocks) {
      if (b.type !== 'tool_result' || !b.tool_use_id) continue;
      const started = tools.get(b.tool_use_id);
      tools.delete(b.tool_use_id);
      out.push({
        type: 'tool_call_end',
        toolCallId: b.tool_use_id,
        tool: started?.tool ?? 'unknown',
        result: resultText(b.content),
        isError: b.is_error ?? false,
        durationMs: started ? Math.max(0, now - started.startedAt) : undefined,
      });
    }
  } else if (m.type === 'rate_limit_event' && m.rate_limit_info && m.rate_limit_info.status !== 'allowed') {
    const reset = m.rate_limit_info.resetsAt;
    out.push({ type: 'rate_limit', resetAt: reset ? new Date(reset * 1000).toISOString() : undefined, message: `rate limit ${m.rate_limit_info.status}` });
  }
  return out;
}
