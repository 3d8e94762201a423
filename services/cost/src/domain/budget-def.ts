import type { BudgetScopeKind } from '@flywheel/contracts';

/** A budget as stored: its limits (LiteLLM field names), scope and what crossing the hard limit does. */
export interface BudgetDef {
  id: string;
  name?: string;
  scope: { kind: BudgetScopeKind; value?: string };
  max_budget: number | null;
  soft_budget?: number | null;
  thresholds?: number[];
  budget_duration: string;
  action: 'alert' | 'pause';
  createdAt: string;
  updatedAt: string;
}

/** Enforcement of a budget; `epoch` counts pause/resume flips and names their events. */
export interface BudgetState {
  paused: boolean;
  epoch: number;
}
