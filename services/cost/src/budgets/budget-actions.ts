/**
 * What a budget evaluation does, inside the caller's transaction: audit rows (unique per
 * budget, period, kind and mark, so an alert is raised once per period), enforcement state, and
 * the events to publish written to the outbox (published durably after the commit).
 */
import { budgetAlertEvent, budgetEnforcementEvent, type BudgetAlert, type BudgetEnforcement } from '@flywheel/contracts';
import { microsToUsd, type BudgetPeriod } from '../domain/index.ts';
import type { AlertRepo } from '../db/alert-repo.ts';
import type { BudgetDef, BudgetRepo } from '../db/budget-repo.ts';

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

export interface ActionDeps {
  budgets: BudgetRepo;
  alerts: AlertRepo;
  now: () => number;
}

const describe = (t: Tracked) => `${t.def.name ?? t.def.id} (${t.def.scope.kind}${t.def.scope.value ? ` ${t.def.scope.value}` : ''})`;
const usd = (m: number | null | undefined) => (m == null ? 'none' : `$${microsToUsd(m)}`);

/** Raises `kind`/`mark` once per period; returns false when it was already raised. */
export function raiseAlert(d: ActionDeps, t: Tracked, kind: BudgetAlert['kind'], mark: number, message: string): boolean {
  const key = `${kind}:${mark}`;
  if (t.marks.has(key)) return false;
  t.marks.add(key);
  const ts = new Date(d.now()).toISOString();
  const id = `${t.def.id}-${Date.parse(t.periodStart)}-${kind}-${mark}`;
  const alert: BudgetAlert = {
    source: 'cost', kind, id, budgetId: t.def.id, scope: t.def.scope, periodStart: t.periodStart, spentMicros: t.spent,
    maxBudgetMicros: t.def.max_budget, message, ts,
    ...(t.def.name ? { budgetName: t.def.name } : {}),
    ...(kind === 'budget_threshold' ? { threshold: mark } : {}),
  };
  if (!d.alerts.insertOnce({ id, budgetId: t.def.id, periodStart: t.periodStart, kind, mark, payload: alert, ts })) return false;
  d.alerts.enqueue(budgetAlertEvent.subject, id, alert);
  return true;
}

export function thresholdAlert(d: ActionDeps, t: Tracked, percent: number): void {
  raiseAlert(d, t, 'budget_threshold', percent, `budget ${describe(t)} reached ${percent}% of ${usd(t.def.max_budget)}: spent ${usd(t.spent)}`);
}

export function softAlert(d: ActionDeps, t: Tracked): void {
  raiseAlert(d, t, 'budget_soft', 0, `budget ${describe(t)} passed its soft budget ${usd(t.def.soft_budget)}: spent ${usd(t.spent)}`);
}

/** Flips enforcement, persists it and queues the `pause`/`resume` event (id names the epoch). */
export function setPaused(d: ActionDeps, t: Tracked, paused: boolean, triggeredAt: number, reason: string): void {
  t.paused = paused;
  t.epoch += 1;
  d.budgets.saveState(t.def.id, { paused, epoch: t.epoch });
  const action = paused ? 'pause' : 'resume';
  const event: BudgetEnforcement = {
    id: `${t.def.id}-e${t.epoch}`,
    budgetId: t.def.id,
    action,
    scope: t.def.scope,
    reason,
    triggeredAt: new Date(triggeredAt).toISOString(),
  };
  d.alerts.enqueue(budgetEnforcementEvent.subject, event.id, event);
  raiseAlert(d, t, paused ? 'budget_pause' : 'budget_resume', t.epoch, `budget ${describe(t)} ${paused ? 'paused its scope' : 'resumed its scope'}: ${reason}`);
}
