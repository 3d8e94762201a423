/** Budgets CRUD, the alert audit log and the runner's pre-spawn/send check. */
import { AppError, BudgetAlert, newId, type Budget, type BudgetInput, type BudgetUpdate, type CallerScope, type SpendSubject } from '@flywheel/contracts';
import { describeBudget, matchModel, type BudgetDef, type Tracked } from '../domain/index.ts';
import type { CostContext } from '../runtime/cost-context.ts';
import { mayChange, mayRead, seesBudget } from './caller-account.ts';

function view(t: Tracked): Budget {
  const { createdAt, updatedAt, id, ...rest } = t.def;
  const thresholds = [...t.marks].filter((m) => m.startsWith('budget_threshold:')).map((m) => Number(m.split(':')[1]));
  return {
    id,
    ...rest,
    soft_budget: rest.soft_budget ?? undefined,
    createdAt,
    updatedAt,
    status: {
      periodStart: t.period.start.toISOString(),
      resetsAt: t.period.resetsAt?.toISOString() ?? null,
      spentMicros: t.spent,
      paused: t.paused,
      alertedThresholds: thresholds.sort((a, b) => a - b),
    },
  };
}

function tracked(c: CostContext, id: string): Tracked {
  const t = c.tracker.get(id);
  if (!t) throw new AppError('NOT_FOUND', `budget ${id} not found`);
  return t;
}

function checkLimits(def: Pick<BudgetDef, 'max_budget' | 'soft_budget'>): void {
  if (def.max_budget !== null && def.soft_budget != null && def.soft_budget > def.max_budget) {
    throw new AppError('BAD_REQUEST', 'soft_budget must not exceed max_budget', { soft_budget: def.soft_budget, max_budget: def.max_budget });
  }
}

function store(c: CostContext, def: BudgetDef): Budget {
  checkLimits(def);
  c.budgets.save(def);
  const t = c.tracker.upsert(def);
  c.flushOutbox();
  return view(t);
}

export function createBudget(c: CostContext, input: BudgetInput, ctx: CallerScope): Budget {
  const at = new Date(c.now()).toISOString();
  const id = newId('bud');
  mayChange(c, ctx, id, input.scope);
  return store(c, { ...input, id, createdAt: at, updatedAt: at });
}

export function updateBudget(c: CostContext, id: string, patch: BudgetUpdate, ctx: CallerScope): Budget {
  const current = tracked(c, id).def;
  mayChange(c, ctx, id, current.scope);
  const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
  return store(c, { ...current, ...defined, updatedAt: new Date(c.now()).toISOString() });
}

export function deleteBudget(c: CostContext, id: string, ctx: CallerScope): { deleted: boolean } {
  mayChange(c, ctx, id, tracked(c, id).def.scope);
  c.tracker.remove(id);
  c.flushOutbox();
  return { deleted: c.budgets.delete(id) };
}

export function getBudget(c: CostContext, id: string, ctx: CallerScope): Budget {
  const t = tracked(c, id);
  mayRead(c, ctx, id, t.def.scope);
  return view(t);
}

/** The budgets the caller may see: all for admins; global and its own account's for a limited caller. */
export const listBudgets = (c: CostContext, ctx: CallerScope): { items: Budget[] } => ({
  items: c.budgets
    .all()
    .filter((b) => seesBudget(c, ctx, b.scope))
    .map((b) => view(tracked(c, b.id))),
});

/** Alerts of the budgets the caller may see (judged by the alert's scope, so a deleted budget's stay filtered). */
export const budgetAlerts = (c: CostContext, budgetId: string | undefined, limit: number, ctx: CallerScope) => ({
  items: c.alerts.list(budgetId, limit, (a) => seesBudget(c, ctx, (a as BudgetAlert).scope)).map((a) => BudgetAlert.parse(a)),
});

/** allowed:false while a pausing budget whose scope covers the subject is exhausted. */
export function checkBudget(c: CostContext, s: SpendSubject): { allowed: boolean; budgetId?: string; reason?: string } {
  const matchedModel = s.model ? matchModel(c.book.at(c.now()), s.model).matchedModel : undefined;
  const t = c.tracker.blocking({ ...s, matchedModel });
  if (!t) return { allowed: true };
  return {
    allowed: false,
    budgetId: t.def.id,
    reason: `budget ${describeBudget(t)} is exhausted until ${t.period.resetsAt?.toISOString() ?? 'its window slides'} or it is raised`,
  };
}
