import { AppError, guardRpc, type GuardRequest } from '@flywheel/contracts';
import { rpcClient, type Logger, type NatsConnection, type Registry } from '@flywheel/kit';

export interface GuardOptions {
  nc: NatsConnection;
  logger: Logger;
  timeoutMs: number;
  failMode: 'closed' | 'open';
  registry?: Registry;
}

export type GuardCall = (req: GuardRequest) => Promise<{ allow: boolean; reason?: string }>;

/** Asks svc.safety.guard before a tool runs; silence or absence follows GUARD_FAIL_MODE (deny by default). */
export function createGuard(opts: GuardOptions): GuardCall {
  const log = opts.logger.child({ mod: 'guard' });
  const ask = rpcClient(opts.nc, 'safety', { failMode: opts.failMode, timeoutMs: opts.timeoutMs, registry: opts.registry });
  const fallback = (req: GuardRequest, code: string) => {
    const allow = opts.failMode === 'open';
    log.warn({ agentId: req.agentId, tool: req.tool, code, allow }, 'guard did not answer; applying fail mode');
    return { allow, reason: allow ? undefined : `safety guard unavailable (${code}); denied by default` };
  };
  return async (req) => {
    try {
      const r = await ask(guardRpc, req, { timeoutMs: opts.timeoutMs });
      if (!r.answered) return fallback(req, r.error.code);
      return { allow: r.reply.decision === 'allow', reason: r.reply.reason };
    } catch (err) {
      // The guard refused the request itself (e.g. BAD_REQUEST): no verdict either, so the fail mode decides.
      return fallback(req, err instanceof AppError ? err.code : 'INTERNAL');
    }
  };
}
