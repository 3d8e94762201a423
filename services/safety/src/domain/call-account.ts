import { limitedTo, type CallerScope } from '@flywheel/contracts';

/**
 * The account a guard call or a /check is made for: a limited caller's own (it cannot speak for
 * another); for admins and internal callers (the runner, a hook), the account it names, else its header's.
 */
export function callAccount(ctx: CallerScope, named?: string): string | undefined {
  const only = limitedTo(ctx);
  if (only !== undefined) return only || undefined;
  return named ?? ctx.accountId;
}
