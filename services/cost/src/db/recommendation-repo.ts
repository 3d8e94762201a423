/** Stored recommendations: one row per advice fingerprint, its status kept across refreshes. */
import type { RecommendationStatus, RecommendationView } from '@flywheel/contracts';
import { microsToUsdNumber, type CostRecord, type Recommendation } from '../domain/index.ts';
import type { CostDb } from './cost-db.ts';

interface Row {
  id: string;
  kind: RecommendationView['kind'];
  title: string;
  saving_micros: number;
  evidence_json: string;
  context_json: string;
  scope_json: string;
  account_id: string | null;
  status: RecommendationStatus;
  created_at: string;
  updated_at: string;
}

const toView = (r: Row): RecommendationView => ({
  id: r.id,
  kind: r.kind,
  title: r.title,
  estimatedSavingMicros: r.saving_micros,
  estimatedSavingUsd: microsToUsdNumber(r.saving_micros),
  evidence: JSON.parse(r.evidence_json),
  context: JSON.parse(r.context_json),
  scope: JSON.parse(r.scope_json),
  ...(r.account_id !== null ? { accountId: r.account_id } : {}),
  status: r.status,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export function createRecommendationRepo(db: CostDb) {
  const sqlite = db.$client;
  const upsert = sqlite.prepare(`INSERT INTO recommendations (id, kind, title, saving_micros, evidence_json, context_json, scope_json, account_id, status,
    created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,'pending',?,?) ON CONFLICT (id) DO UPDATE SET title = excluded.title,
    saving_micros = excluded.saving_micros, evidence_json = excluded.evidence_json, account_id = excluded.account_id, updated_at = excluded.updated_at
    WHERE status = 'pending'`);
  return {
    save(id: string, r: Recommendation, at: string, accountId: string | undefined): void {
      upsert.run(
        id,
        r.kind,
        r.title,
        r.estimatedSavingMicros,
        JSON.stringify(r.evidence),
        JSON.stringify(r.context),
        JSON.stringify(r.scope),
        accountId ?? null,
        at,
        at,
      );
    },
    /** Largest saving first; `account`: only the advice resting on that account's records. */
    list(status?: RecommendationStatus, account?: string): RecommendationView[] {
      const where: string[] = [];
      const args: string[] = [];
      if (status) {
        where.push('status = ?');
        args.push(status);
      }
      if (account !== undefined) {
        where.push('account_id = ?');
        args.push(account);
      }
      const sql = `SELECT * FROM recommendations ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY saving_micros DESC, id`;
      return (sqlite.prepare(sql).all(...args) as Row[]).map(toView);
    },
    get(id: string): RecommendationView | undefined {
      const r = sqlite.prepare('SELECT * FROM recommendations WHERE id = ?').get(id) as Row | undefined;
      return r && toView(r);
    },
    setStatus(id: string, status: RecommendationStatus, at: string): void {
      sqlite.prepare('UPDATE recommendations SET status = ?, updated_at = ? WHERE id = ?').run(status, at, id);
    },
    /** The records of [fromMs, ∞) as the recommendation rules read them, newest `cap` at most. */
    records(fromMs: number, cap: number): CostRecord[] {
      return sqlite
        .prepare(
          `SELECT agent_id AS agentId, model, account_id AS accountId, project_id AS projectId, input_tokens AS inputTokens,
          output_tokens AS outputTokens, cache_read_tokens AS cacheRead, cache_write_5m_tokens + cache_write_1h_tokens AS cacheWrite,
          cost_micros AS costMicros, ts_ms AS ts FROM usage_records WHERE ts_ms >= ? ORDER BY ts_ms DESC LIMIT ?`,
        )
        .all(fromMs, cap)
        .map((r) => Object.fromEntries(Object.entries(r as object).filter(([, v]) => v !== null)) as unknown as CostRecord);
    },
  };
}
export type RecommendationRepo = ReturnType<typeof createRecommendationRepo>;
