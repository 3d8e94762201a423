/** Which account a budget or a recommendation belongs to, and who may see one. */
import type { ScopeRef } from './budget-scope.ts';
import type { CostRecord, RecommendationScope } from './recommendation-types.ts';

/** The account an agent's recorded usage was for; undefined until the agent has spent. */
export type AgentAccount = (agentId: string) => string | undefined;

/** An account scope's own account, or the account of the agent an agent scope limits; none for global, project and model. */
export function budgetOwner(scope: ScopeRef, agentAccount: AgentAccount): string | undefined {
  if (scope.kind === 'account') return scope.value;
  if (scope.kind === 'agent' && scope.value !== undefined) return agentAccount(scope.value);
  return undefined;
}

/**
 * May a caller limited to `account` see a budget (or its alerts)? Global budgets (they can stop
 * anyone's agents) and the budgets its account owns. Project and model budgets sum spend across
 * accounts and belong to none: admins only.
 */
export const budgetVisibleTo = (account: string, scope: ScopeRef, agentAccount: AgentAccount): boolean =>
  scope.kind === 'global' || budgetOwner(scope, agentAccount) === account;

/**
 * The one account whose records a recommendation rests on: an agent's or a project's when all of
 * its analysed records are of one account; undefined for fleet-wide advice (task types) or a mix.
 */
export function recommendationOwner(scope: RecommendationScope, records: readonly CostRecord[]): string | undefined {
  if (scope.kind === 'account') return scope.value;
  const field = scope.kind === 'agent' ? 'agentId' : scope.kind === 'project' ? 'projectId' : undefined;
  if (!field || scope.value === undefined) return undefined;
  const accounts = new Set(records.filter((r) => r[field] === scope.value).map((r) => r.accountId));
  const [only] = accounts;
  return accounts.size === 1 ? only : undefined;
}
