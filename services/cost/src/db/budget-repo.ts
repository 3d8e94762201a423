/** Budgets and their enforcement state. */
import type { BudgetScopeKind } from '@flywheel/contracts';
import type { BudgetDef, BudgetState } from '../domain/index.ts';
import type { CostDb } from './cost-db.ts';

interface BudgetRow {
  id: string;
  name: string | null;
  scope_kind: BudgetScopeKind;
  scope_value: string | null;
  max_budget: number | null;
  soft_budget: number | null;
  thresholds_json: string | null;
  duration: string;
  action: 'alert' | 'pause';
  created_at: string;
  updated_at: string;
}

const toDef = (r: BudgetRow): BudgetDef => ({
  id: r.id,
  ...(r.name !== null ? { name: r.name } : {}),
  scope: r.scope_value === null ? { kind: r.scope_kind } : { kind: r.scope_kind, value: r.scope_value },
  max_budget: r.max_budget,
  soft_budget: r.soft_budget,
  ...(r.thresholds_json ? { thresholds: JSON.parse(r.thresholds_json) as number[] } : {}),
  budget_duration: r.duration,
  action: r.action,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export function createBudgetRepo(db: CostDb) {
  const sqlite = db.$client;
  const upsert = sqlite.prepare(`INSERT INTO budgets (id, name, scope_kind, scope_value, max_budget, soft_budget, thresholds_json, duration, action,
    created_at, updated_at) VALUES (@id,@name,@scopeKind,@scopeValue,@max,@soft,@thresholds,@duration,@action,@createdAt,@updatedAt)
    ON CONFLICT (id) DO UPDATE SET name=excluded.name, max_budget=excluded.max_budget, soft_budget=excluded.soft_budget,
    thresholds_json=excluded.thresholds_json, duration=excluded.duration, action=excluded.action, updated_at=excluded.updated_at`);
  const state = sqlite.prepare('SELECT paused, epoch FROM budget_state WHERE budget_id = ?');
  const putState = sqlite.prepare(`INSERT INTO budget_state (budget_id, paused, epoch) VALUES (?,?,?)
    ON CONFLICT (budget_id) DO UPDATE SET paused = excluded.paused, epoch = excluded.epoch`);
  return {
    save(b: BudgetDef): void {
      upsert.run({
        id: b.id,
        name: b.name ?? null,
        scopeKind: b.scope.kind,
        scopeValue: b.scope.value ?? null,
        max: b.max_budget,
        soft: b.soft_budget ?? null,
        thresholds: b.thresholds ? JSON.stringify(b.thresholds) : null,
        duration: b.budget_duration,
        action: b.action,
        createdAt: b.createdAt,
        updatedAt: b.updatedAt,
      });
    },
    all: (): BudgetDef[] => (sqlite.prepare('SELECT * FROM budgets ORDER BY created_at, id').all() as BudgetRow[]).map(toDef),
    delete(id: string): boolean {
      sqlite.prepare('DELETE FROM budget_state WHERE budget_id = ?').run(id);
      return sqlite.prepare('DELETE FROM budgets WHERE id = ?').run(id).changes > 0;
    },
    state(id: string): BudgetState {
      const r = state.get(id) as { paused: number; epoch: number } | undefined;
      return { paused: r?.paused === 1, epoch: r?.epoch ?? 0 };
    },
    saveState(id: string, s: BudgetState): void {
      putState.run(id, s.paused ? 1 : 0, s.epoch);
    },
  };
}
export type BudgetRepo = ReturnType<typeof createBudgetRepo>;
