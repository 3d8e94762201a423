/** What a caller limited to one account may read and touch in the cost service. */
import { AppError, limitedTo, type CallerScope } from '@flywheel/contracts';
import { budgetOwner, budgetVisibleTo, type ScopeRef } from '../domain/index.ts';
import type { CostContext } from '../runtime/cost-context.ts';

/**
 * An analytics filter as the caller may run it: a limited caller's is forced to its own account
 * (naming another is FORBIDDEN); admins and internal callers keep theirs.
 */
export function ownAccount<F extends { accountId?: string }>(ctx: CallerScope, filter: F): F {
  const only = limitedTo(ctx);
  if (only === undefined) return filter;
  if (!only) throw new AppError('FORBIDDEN', 'this key has no account');
  if (filter.accountId !== undefined && filter.accountId !== only) throw new AppError('FORBIDDEN', `account ${filter.accountId} is not yours`);
  return { ...filter, accountId: only };
}

/** May this caller see a budget (or its alerts) of this scope? */
export function seesBudget(c: CostContext, ctx: CallerScope, scope: ScopeRef): boolean {
  const only = limitedTo(ctx);
  return only === undefined || budgetVisibleTo(only, scope, c.spend.accountOfAgent);
}

/** Reading a budget the caller may not see is FORBIDDEN. */
export function mayRead(c: CostContext, ctx: CallerScope, id: string, scope: ScopeRef): void {
  if (!seesBudget(c, ctx, scope)) throw new AppError('FORBIDDEN', `budget ${id} belongs to another account`);
}

/** Creating or changing a budget: a limited caller only its own account's (global ones are admins'). */
export function mayChange(c: CostContext, ctx: CallerScope, id: string, scope: ScopeRef): void {
  const only = limitedTo(ctx);
  if (only !== undefined && budgetOwner(scope, c.spend.accountOfAgent) !== only)
    throw new AppError('FORBIDDEN', `budget ${id} is not this account's to change`);
}
