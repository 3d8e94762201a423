import { z } from 'zod';
import { routesOf } from './route.ts';

const route = routesOf('hooks');
const P = '/api/v1/hooks';

/**
 * What Claude Code POSTs to a `type: "http"` hook: the same JSON a command hook reads on stdin. Loose: Claude Code sends
 * more fields (transcript_path, permission_mode, tool_use_id ...) than the guard reads, and adds new ones.
 */
export const ClaudeHookEvent = z.looseObject({
  hook_event_name: z.string().max(100).optional(),
  tool_name: z.string().min(1).max(200).optional(),
  tool_input: z.unknown().optional(),
  cwd: z.string().max(4096).optional(),
  session_id: z.string().max(200).optional(),
});
export type ClaudeHookEvent = z.infer<typeof ClaudeHookEvent>;

/** Claude Code's hook reply, as the command hook prints it: `{}` lets the call through, a deny carries the reason. */
export const ClaudeHookReply = z.object({
  hookSpecificOutput: z
    .object({
      hookEventName: z.literal('PreToolUse'),
      permissionDecision: z.enum(['allow', 'deny', 'ask']),
      permissionDecisionReason: z.string(),
    })
    .optional(),
});
export type ClaudeHookReply = z.infer<typeof ClaudeHookReply>;

/** /api/v1/hooks: the safety guard as HTTP hooks of the agent CLIs (no process start per tool call). */
export const hookRoutes = {
  claudeCode: route({
    method: 'POST',
    path: `${P}/claude-code`,
    summary: "Claude Code PreToolUse HTTP hook: the guard's verdict in Claude Code's hook reply",
    access: 'operator',
    agents: true,
    body: ClaudeHookEvent,
    reply: ClaudeHookReply,
    errors: ['UNAVAILABLE'],
  }),
} as const;
