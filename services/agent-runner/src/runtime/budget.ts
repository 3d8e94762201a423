import { AppError, budgetCheckRpc, type SpendSubject } from '@flywheel/contracts';
import { rpcClient, type Logger, type NatsConnection, type Registry } from '@flywheel/kit';

export interface BudgetOptions {
  nc: NatsConnection;
  logger: Logger;
  timeoutMs: number;
  failMode: 'open' | 'closed';
  registry?: Registry;
}

/** Asks the cost service before a spawn or send; BUDGET_EXCEEDED (402) when a pausing budget is spent. */
export function createBudgetCheck(opts: BudgetOptions): (s: SpendSubject) => Promise<void> {
  const log = opts.logger.child({ mod: 'budget' });
  const ask = rpcClient(opts.nc, 'cost', { failMode: opts.failMode, timeoutMs: opts.timeoutMs, registry: opts.registry });
  const fallback = (subject: SpendSubject, code: string) => {
    if (opts.failMode === 'closed') throw new AppError('UNAVAILABLE', `budget check unavailable (${code})`);
    log.warn({ code, subject }, 'budget check unavailable; allowing (BUDGET_FAIL_MODE=open)');
  };
  return async (subject) => {
    let r;
    try {
      r = await ask(budgetCheckRpc, subject, { timeoutMs: opts.timeoutMs });
    } catch (err) {
      if (err instanceof AppError && err.code === 'BUDGET_EXCEEDED') throw err;
      // Any other refusal of the check itself gives no verdict either: the fail mode decides.
      return fallback(subject, err instanceof AppError ? err.code : 'INTERNAL');
    }
    if (!r.answered) return fallback(subject, r.error.code);
    if (!r.reply.allowed) throw new AppError('BUDGET_EXCEEDED', r.reply.reason ?? 'budget exhausted', { budgetId: r.reply.budgetId });
  };
}
