import { AppError, guardRpc, type GuardRequest } from '@flywheel/contracts';
import { request, type Logger, type NatsConnection } from '@flywheel/kit';

export interface GuardOptions {
  nc: NatsConnection;
  logger: Logger;
  timeoutMs: number;
  failMode: 'closed' | 'open';
}

export type GuardCall = (req: GuardRequest) => Promise<{ allow: boolean; reason?: string }>;

/** Asks svc.safety.guard before a tool runs; silence or absence follows GUARD_FAIL_MODE (deny by default). */
export function createGuard(opts: GuardOptions): GuardCall {
  const log = opts.logger.child({ mod: 'guard' });
  return async (req) => {
    try {
      const reply = await request(opts.nc, guardRpc, req, { timeoutMs: opts.timeoutMs });
      return { allow: reply.decision === 'allow', reason: reply.reason };
    } catch (err) {
      const code = err instanceof AppError ? err.code : 'INTERNAL';
      const allow = opts.failMode === 'open';
      log.warn({ agentId: req.agentId, tool: req.tool, code, allow }, 'guard did not answer; applying fail mode');
      return { allow, reason: allow ? undefined : `safety guard unavailable (${code}); denied by default` };
    }
  };
}
