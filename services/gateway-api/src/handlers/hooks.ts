import { AppError, guardRpc, type API, type ClaudeHookEvent, type ClaudeHookReply } from '@flywheel/contracts';
import type { RpcCall } from '@flywheel/kit';
import type { GroupHandlers, RouteContext } from '../http/bind-routes.ts';
import type { HookLocal } from '../runtime/hook-local.ts';
import { callContext } from './context.ts';

/** The deny JSON Claude Code reads from a hook (the same as `flywheel-guard hook` prints). */
const deny = (reason: string): ClaudeHookReply => ({
  hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: 'deny', permissionDecisionReason: reason },
});

/** NATS-token safe, as the command hook names agents it does not drive: the credential's agent, else one per hook session. */
export function hookAgentId(principalAgent: string | undefined, sessionId: string | undefined): string {
  const clean = (s: string) => s.replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 64);
  if (principalAgent) return clean(principalAgent);
  return sessionId ? clean(`hook-${sessionId}`) : 'hook-unknown';
}

/** A guard that does not answer denies (as the runner's guard does by default): an HTTP hook must not fail open. */
const UNANSWERED = new Set(['UNAVAILABLE', 'TIMEOUT', 'INTERNAL']);

async function claudeCode(safety: RpcCall, local: HookLocal | undefined, ev: ClaudeHookEvent, c: RouteContext): Promise<ClaudeHookReply> {
  // Only PreToolUse carries a verdict; other events a user routes here pass through.
  if ((ev.hook_event_name !== undefined && ev.hook_event_name !== 'PreToolUse') || !ev.tool_name) return {};
  const req = {
    agentId: hookAgentId(c.principal?.agentId, ev.session_id),
    accountId: c.principal?.accountId,
    // A worktree agent's writes outside its worktree are denied: the root comes with its credential.
    ...(c.principal?.isolationRoot ? { isolationRoot: c.principal.isolationRoot } : {}),
    tool: ev.tool_name,
    input: ev.tool_input,
    cwd: ev.cwd,
    wait: false,
    source: 'hook' as const,
  };
  const ctx = callContext(c);
  // A shell command the replica of the guard's engines allows is answered here; everything else is the guard's.
  if (local && (await local(req, ctx))) return {};
  try {
    const r = await safety(guardRpc, req, ctx);
    return r.decision === 'deny' ? deny(r.reason ?? 'Denied by the Flywheel safety guard.') : {};
  } catch (err) {
    const code = err instanceof AppError ? err.code : 'INTERNAL';
    if (!UNANSWERED.has(code)) throw err;
    return deny(`the Flywheel safety guard did not answer (${code}); denied because an unchecked call may be destructive`);
  }
}

/** /api/v1/hooks → the fast path's engine allow, else the safety guard (svc.safety.guard, which also asks coordination about writes). */
export function hookHandlers(safety: RpcCall, local?: HookLocal): GroupHandlers<typeof API.hooks> {
  return {
    claudeCode: ({ body }, c) => claudeCode(safety, local, body, c),
  };
}
