/** Spend of a budget's scope in a time window, from the records (used when a period is (re)loaded), and whose an agent is. */
import type { ScopeRef } from '../domain/index.ts';
import type { CostDb } from './cost-db.ts';

const COLUMN: Record<Exclude<ScopeRef['kind'], 'global' | 'model'>, string> = { account: 'account_id', project: 'project_id', agent: 'agent_id' };

export function createSpendRepo(db: CostDb) {
  const sqlite = db.$client;
  const agentAccount = sqlite.prepare('SELECT account_id AS a FROM usage_records WHERE agent_id = ? AND account_id IS NOT NULL ORDER BY ts_ms DESC LIMIT 1');
  return {
    /** The account an agent's latest recorded usage was for; undefined before it has spent. */
    accountOfAgent: (agentId: string): string | undefined => (agentAccount.get(agentId) as { a: string } | undefined)?.a,
    spend(scope: ScopeRef, fromMs: number, toMs: number): number {
      const base = 'SELECT coalesce(sum(cost_micros),0) AS c FROM usage_records WHERE ts_ms >= ? AND ts_ms < ?';
      if (scope.kind === 'global') return (sqlite.prepare(base).get(fromMs, toMs) as { c: number }).c;
      if (scope.kind === 'model')
        return (sqlite.prepare(`${base} AND (model = ? OR matched_model = ?)`).get(fromMs, toMs, scope.value, scope.value) as { c: number }).c;
      return (sqlite.prepare(`${base} AND ${COLUMN[scope.kind]} = ?`).get(fromMs, toMs, scope.value) as { c: number }).c;
    },
  };
}
export type SpendRepo = ReturnType<typeof createSpendRepo>;
