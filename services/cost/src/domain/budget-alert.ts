/** The alerts and enforcement events a tracked budget raises, and their messages. */
import type { BudgetAlert, BudgetEnforcement } from '@flywheel/contracts';
import { microsToUsd } from './money.ts';
import type { BudgetDef } from './budget-def.ts';
import type { BudgetPeriod } from './budget-period.ts';

/** A budget as tracked in memory: its current period, what was spent and alerted in it, its enforcement. */
export interface Tracked {
  def: BudgetDef;
  period: BudgetPeriod;
  periodStart: string;
  spent: number;
  /** `kind:mark` of the alerts already raised this period. */
  marks: Set<string>;
  paused: boolean;
  epoch: number;
}

/** `name (scope)`, the way every budget message names its budget. */
export const describeBudget = (t: Tracked) => `${t.def.name ?? t.def.id} (${t.def.scope.kind}${t.def.scope.value ? ` ${t.def.scope.value}` : ''})`;
const usd = (m: number | null | undefined) => (m == null ? 'none' : `$${microsToUsd(m)}`);

/** The alert for `kind`/`mark` this period; its id is the same on every instance and retry. */
export function budgetAlert(t: Tracked, kind: BudgetAlert['kind'], mark: number, message: string, ts: string): BudgetAlert {
  return {
    source: 'cost',
    kind,
    id: `${t.def.id}-${Date.parse(t.periodStart)}-${kind}-${mark}`,
    budgetId: t.def.id,
    scope: t.def.scope,
    periodStart: t.periodStart,
    spentMicros: t.spent,
    maxBudgetMicros: t.def.max_budget,
    message,
    ts,
    ...(t.def.name ? { budgetName: t.def.name } : {}),
    ...(kind === 'budget_threshold' ? { threshold: mark } : {}),
  };
}

export const thresholdMessage = (t: Tracked, percent: number) =>
  `budget ${describeBudget(t)} reached ${percent}% of ${usd(t.def.max_budget)}: spent ${usd(t.spent)}`;

export const softMessage = (t: Tracked) => `budget ${describeBudget(t)} passed its soft budget ${usd(t.def.soft_budget)}: spent ${usd(t.spent)}`;

export const enforcementMessage = (t: Tracked, paused: boolean, reason: string) =>
  `budget ${describeBudget(t)} ${paused ? 'paused its scope' : 'resumed its scope'}: ${reason}`;

/** The `pause`/`resume` event of the budget's current epoch (its id names the epoch). */
export function enforcementEvent(t: Tracked, triggeredAt: number, reason: string): BudgetEnforcement {
  return {
    id: `${t.def.id}-e${t.epoch}`,
    budgetId: t.def.id,
    action: t.paused ? 'pause' : 'resume',
    scope: t.def.scope,
    reason,
    triggeredAt: new Date(triggeredAt).toISOString(),
  };
}
