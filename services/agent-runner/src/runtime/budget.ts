import { AppError, budgetCheckRpc, type SpendSubject } from '@flywheel/contracts';
import { request, type Logger, type NatsConnection } from '@flywheel/kit';

export interface BudgetOptions {
  nc: NatsConnection;
  logger: Logger;
  timeoutMs: number;
  failMode: 'open' | 'closed';
}

/** Asks the cost service before a spawn or send; BUDGET_EXCEEDED (402) when a pausing budget is spent. */
export function createBudgetCheck(opts: BudgetOptions): (s: SpendSubject) => Promise<void> {
  const log = opts.logger.child({ mod: 'budget' });
  return async (subject) => {
    let reply;
    try {
      reply = await request(opts.nc, budgetCheckRpc, subject, { timeoutMs: opts.timeoutMs });
    } catch (err) {
      if (err instanceof AppError && err.code === 'BUDGET_EXCEEDED') throw err;
      const code = err instanceof AppError ? err.code : 'INTERNAL';
      if (opts.failMode === 'closed') throw new AppError('UNAVAILABLE', `budget check unavailable (${code})`);
      log.warn({ code, subject }, 'budget check unavailable; allowing (BUDGET_FAIL_MODE=open)');
      return;
    }
    if (!reply.allowed) throw new AppError('BUDGET_EXCEEDED', reply.reason ?? 'budget exhausted', { budgetId: reply.budgetId });
  };
}
