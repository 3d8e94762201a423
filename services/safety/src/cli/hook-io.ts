/** Hook protocols: Claude Code PreToolUse, Gemini CLI BeforeTool, Codex PreToolUse. Pure: no I/O. */
// zod/mini: the same parsing at ~1/10 of the start-up cost of full zod (≈45 ms per hook call on this machine).
import * as z from 'zod/mini';

export const HookFormat = z.enum(['claude', 'gemini', 'codex']);
export type HookFormat = z.infer<typeof HookFormat>;

/** The fields all three send on stdin (snake_case in each); anything else is ignored. */
export const HookInput = z.object({
  hook_event_name: z.optional(z.string()),
  tool_name: z.string().check(z.minLength(1), z.maxLength(200)),
  tool_input: z.unknown(),
  cwd: z.optional(z.string().check(z.maxLength(4096))),
  session_id: z.optional(z.string().check(z.maxLength(200))),
});
export type HookInput = z.infer<typeof HookInput>;

/** `--format` wins; otherwise Gemini is recognised by its event name and everything else speaks Claude's protocol. */
export function detectFormat(flag: string | undefined, input: { hook_event_name?: string }): HookFormat {
  if (flag) return HookFormat.parse(flag);
  return input.hook_event_name === 'BeforeTool' ? 'gemini' : 'claude';
}

/**
 * What to print for a deny (exit code stays 0: Claude Code and Codex read the JSON; Gemini reads
 * `decision`). Allow prints nothing.
 */
export function denyOutput(format: HookFormat, reason: string): string {
  if (format === 'gemini') return JSON.stringify({ decision: 'deny', reason });
  return JSON.stringify({ hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: 'deny', permissionDecisionReason: reason } });
}

/** An agent id (NATS-token safe) for agents we do not drive: FLYWHEEL_AGENT_ID, else one per hook session. */
export function hookAgentId(envId: string | undefined, sessionId: string | undefined): string {
  const clean = (s: string) => s.replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 64);
  if (envId && clean(envId)) return clean(envId);
  return sessionId ? clean(`hook-${sessionId}`) : 'hook-unknown';
}
