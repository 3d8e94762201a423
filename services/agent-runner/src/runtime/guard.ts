import { AppError, newId, type GuardRequest } from '@flywheel/contracts';
import { createBreaker, type Logger, type NatsConnection, type Registry } from '@flywheel/kit';
import { askUntilAnswered } from './guard-attempts.ts';

export interface GuardOptions {
  nc: NatsConnection;
  logger: Logger;
  timeoutMs: number;
  failMode: 'closed' | 'open';
  registry?: Registry;
  /** How long a guard nobody serves is asked again (default 5 s, never past timeoutMs). */
  absentRetryMs?: number;
  /** How long one attempt waits before the call is sent again (default 2 s, doubling up to 16 s; never past timeoutMs). */
  attemptMs?: number;
}

export type GuardCall = (req: GuardRequest) => Promise<{ allow: boolean; reason?: string }>;

const ABSENT_RETRY_MS = 5000;
const ATTEMPT_MS = 2000;
const MAX_ATTEMPT_MS = 16_000;

/**
 * Asks svc.safety.guard before a tool runs; silence or absence follows GUARD_FAIL_MODE (deny by default).
 * Nobody serving the guard for a moment — the safety service's connection moving to another node of a NATS cluster —
 * is not absence yet: the call is asked again for up to `absentRetryMs` (within the timeout) before the fail mode
 * decides. A request or reply lost with a dying NATS node is not silence either: a call unanswered after `attemptMs`
 * is sent again with the same `callId` (safety answers a repeat with the first decision, or joins the call still held
 * for approval), and any attempt's answer counts (guard-attempts.ts). The retries run inside one breaker call, so a
 * failover's burst of no-responders does not open the circuit.
 */
export function createGuard(opts: GuardOptions): GuardCall {
  const log = opts.logger.child({ mod: 'guard' });
  const graceMs = Math.min(opts.absentRetryMs ?? ABSENT_RETRY_MS, opts.timeoutMs);
  const askOnce = (call: GuardRequest) =>
    askUntilAnswered(
      opts.nc,
      { ...call, callId: call.callId ?? newId('gcl') },
      {
        deadline: Date.now() + opts.timeoutMs,
        attemptMs: opts.attemptMs ?? ATTEMPT_MS,
        maxAttemptMs: MAX_ATTEMPT_MS,
        graceMs,
        log,
      },
    );
  // Just above the request's own timeout (and the retries' grace), so the request's TIMEOUT wins.
  const ask = createBreaker(askOnce, { name: 'safety', timeoutMs: opts.timeoutMs + 500, registry: opts.registry });
  const fallback = (req: GuardRequest, code: string) => {
    const allow = opts.failMode === 'open';
    log.warn({ agentId: req.agentId, tool: req.tool, code, allow }, 'guard did not answer; applying fail mode');
    return { allow, reason: allow ? undefined : `safety guard unavailable (${code}); denied by default` };
  };
  return async (req) => {
    try {
      const r = await ask(req);
      return { allow: r.decision === 'allow', reason: r.reason };
    } catch (err) {
      // A peer failure (no answer, timeout, open circuit), or the guard refused the request itself (e.g. BAD_REQUEST):
      // no verdict either way, so the fail mode decides.
      return fallback(req, err instanceof AppError ? err.code : 'INTERNAL');
    }
  };
}
