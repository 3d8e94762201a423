/** Which records and which spend subjects a budget's scope covers. */
import type { BudgetScopeKind } from '@flywheel/contracts/cost';

export interface ScopeRef {
  kind: BudgetScopeKind;
  value?: string;
}

/** The identifying fields of a record or of a spawn/send request; model ids in both spellings. */
export interface ScopeSubject {
  agentId?: string;
  accountId?: string;
  projectId?: string;
  model?: string;
  matchedModel?: string | null;
}

/**
 * True when the subject falls in the scope. A subject that lacks the scoped field (a send without
 * a model, say) is not in a model budget's scope: nothing says it will spend on that model.
 */
export function inScope(scope: ScopeRef, s: ScopeSubject): boolean {
  switch (scope.kind) {
    case 'global':
      return true;
    case 'account':
      return s.accountId !== undefined && s.accountId === scope.value;
    case 'project':
      return s.projectId !== undefined && s.projectId === scope.value;
    case 'agent':
      return s.agentId !== undefined && s.agentId === scope.value;
    case 'model':
      return (s.model !== undefined && s.model === scope.value) || (s.matchedModel != null && s.matchedModel === scope.value);
  }
}
