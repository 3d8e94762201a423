import { z } from 'zod';
import { Id } from './ids.ts';
import { defineEvent, defineRpc } from './descriptors.ts';
import { BudgetScopeKind } from './cost-budgets.ts';

export * from './cost-pricing.ts';
export * from './cost-analytics.ts';
export * from './cost-budgets.ts';
export * from './cost-rpcs.ts';

/** Who a spawn or send acts for; budgets match on these. */
export const SpendSubject = z.object({
  agentId: Id.optional(),
  accountId: z.string().max(100).optional(),
  projectId: z.string().max(100).optional(),
  model: z.string().max(200).optional(),
});
export type SpendSubject = z.infer<typeof SpendSubject>;

/** Asked by the agent-runner before a spawn or a send: is any pausing budget in scope exhausted? */
export const budgetCheckRpc = defineRpc({
  subject: 'svc.cost.budget.check',
  request: SpendSubject,
  reply: z.object({
    allowed: z.boolean(),
    budgetId: z.string().optional(),
    reason: z.string().optional(),
  }),
  timeoutMs: 1000,
});

/**
 * Published durably by the cost service when a pausing budget's hard limit is crossed (`pause`)
 * or lifted by a period reset or a raise (`resume`). The agent-runner pauses/resumes the agents
 * it owns that fall in the scope.
 */
export const BudgetEnforcement = z.object({
  id: z.string(),
  budgetId: z.string(),
  action: z.enum(['pause', 'resume']),
  scope: z.object({ kind: BudgetScopeKind, value: z.string().optional() }),
  /** The budget's account, as on BudgetAlert (the hub filters by it). */
  accountId: z.string().optional(),
  reason: z.string(),
  /** When the crossing usage event was observed, to measure enforcement latency. */
  triggeredAt: z.string(),
});
export type BudgetEnforcement = z.infer<typeof BudgetEnforcement>;

export const budgetEnforcementEvent = defineEvent({ subject: 'system.budget', payload: BudgetEnforcement, durable: true });
