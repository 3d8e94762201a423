import { z } from 'zod';
import type { EventDraft } from './driver-event.ts';

const Content = z.looseObject({ type: z.string(), text: z.string().optional() });
/** The session/update shapes we read (ACP 1.x); others are ignored. */
export const AcpUpdate = z.looseObject({
  sessionUpdate: z.string(),
  content: z.union([Content, z.array(z.unknown())]).optional(),
  toolCallId: z.string().optional(),
  title: z.string().nullish(),
  kind: z.string().nullish(),
  status: z.string().nullish(),
  rawInput: z.unknown().optional(),
  rawOutput: z.unknown().optional(),
  locations: z.array(z.looseObject({ path: z.string() })).nullish(),
});
export type AcpUpdate = z.infer<typeof AcpUpdate>;

const FILE_KIND: Record<string, 'read' | 'edit'> = { read: 'read', edit: 'edit' };

/** Tool calls in flight: name and start time, to fill tool_call_end. */
export type AcpTools = Map<string, { tool: string; startedAt: number }>;

/** Maps one ACP session/update to normalised event drafts. */
export function mapAcpUpdate(u: AcpUpdate, tools: AcpTools, now = Date.now()): EventDraft[] {
  const text = !Array.isArray(u.content) && u.content?.type === 'text' ? u.content.text : undefined;
  switch (u.sessionUpdate) {
    case 'agent_message_chunk':
      return text ? [{ type: 'output', stream: 'assistant', text }] : [];
    case 'agent_thought_chunk':
      return text ? [{ type: 'thinking', text }] : [];
    case 'tool_call': {
      if (!u.toolCallId) return [];
      const tool = u.kind ?? u.title ?? 'tool';
      tools.set(u.toolCallId, { tool, startedAt: now });
      const files = (u.locations ?? []).flatMap((l) =>
        u.kind && FILE_KIND[u.kind] ? [{ type: 'file' as const, op: FILE_KIND[u.kind], path: l.path, toolCallId: u.toolCallId }] : [],
      );
      return [{ type: 'tool_call_start', toolCallId: u.toolCallId, tool, input: u.rawInput ?? { title: u.title } }, ...files];
    }
    case 'tool_call_update': {
      if (!u.toolCallId || (u.status !== 'completed' && u.status !== 'failed')) return [];
      const started = tools.get(u.toolCallId);
      tools.delete(u.toolCallId);
      return [
        {
          type: 'tool_call_end',
          toolCallId: u.toolCallId,
          tool: started?.tool ?? u.kind ?? 'tool',
          result: u.rawOutput ?? u.content,
          isError: u.status === 'failed',
          durationMs: started ? now - started.startedAt : undefined,
        },
      ];
    }
    default:
      return [];
  }
}
