/**
 * What a budget evaluation does, inside the caller's transaction: audit rows (unique per
 * budget, period, kind and mark, so an alert is raised once per period), enforcement state, and
 * the events to publish written to the outbox (published durably after the commit).
 */
import { budgetAlertEvent, budgetEnforcementEvent, type BudgetAlert } from '@flywheel/contracts';
import { budgetAlert, budgetOwner, enforcementEvent, enforcementMessage, softMessage, thresholdMessage, type Tracked } from '../domain/index.ts';
import type { AlertRepo } from '../db/alert-repo.ts';
import type { BudgetRepo } from '../db/budget-repo.ts';
import type { SpendRepo } from '../db/spend-repo.ts';

export interface ActionDeps {
  budgets: BudgetRepo;
  alerts: AlertRepo;
  spend: SpendRepo;
  now: () => number;
}

/** `{accountId}` of the budget's account when it has one: the hub shows its events to that account (and admins) only. */
function owner(d: ActionDeps, t: Tracked): { accountId?: string } {
  const accountId = budgetOwner(t.def.scope, d.spend.accountOfAgent);
  return accountId === undefined ? {} : { accountId };
}

/** Raises `kind`/`mark` once per period; returns false when it was already raised. */
export function raiseAlert(d: ActionDeps, t: Tracked, kind: BudgetAlert['kind'], mark: number, message: string): boolean {
  const key = `${kind}:${mark}`;
  if (t.marks.has(key)) return false;
  t.marks.add(key);
  const alert = { ...budgetAlert(t, kind, mark, message, new Date(d.now()).toISOString()), ...owner(d, t) };
  if (!d.alerts.insertOnce({ id: alert.id, budgetId: t.def.id, periodStart: t.periodStart, kind, mark, payload: alert, ts: alert.ts })) return false;
  d.alerts.enqueue(budgetAlertEvent.subject, alert.id, alert);
  return true;
}

export function thresholdAlert(d: ActionDeps, t: Tracked, percent: number): void {
  raiseAlert(d, t, 'budget_threshold', percent, thresholdMessage(t, percent));
}

export function softAlert(d: ActionDeps, t: Tracked): void {
  raiseAlert(d, t, 'budget_soft', 0, softMessage(t));
}

/** Flips enforcement, persists it and queues the `pause`/`resume` event (id names the epoch). */
export function setPaused(d: ActionDeps, t: Tracked, paused: boolean, triggeredAt: number, reason: string): void {
  t.paused = paused;
  t.epoch += 1;
  d.budgets.saveState(t.def.id, { paused, epoch: t.epoch });
  const event = { ...enforcementEvent(t, triggeredAt, reason), ...owner(d, t) };
  d.alerts.enqueue(budgetEnforcementEvent.subject, event.id, event);
  raiseAlert(d, t, paused ? 'budget_pause' : 'budget_resume', t.epoch, enforcementMessage(t, paused, reason));
}
