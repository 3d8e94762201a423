/**
 * The ingest write path on bare prepared statements (drizzle's builder costs ~2× per insert):
 * insert-if-new, then the hourly rollup upsert, inside the caller's transaction.
 */
import type { StoredCostRecord } from '../domain/index.ts';
import type { CostDb } from './cost-db.ts';

const HOUR_MS = 3_600_000;

export function createUsageRepo(db: CostDb) {
  const sqlite = db.$client;
  const insert = sqlite.prepare(`INSERT INTO usage_records (message_id, agent_id, runner_id, account_id, project_id, provider, model,
    matched_model, match_kind, input_tokens, output_tokens, cache_read_tokens, cache_write_5m_tokens, cache_write_1h_tokens,
    web_search_requests, cost_micros, rate_card_id, rate_card_version, reported_cost_micros, reported_cost_scope, granularity, divergent, ts, ts_ms)
    VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT (message_id) DO NOTHING`);
  const rollup = sqlite.prepare(`INSERT INTO cost_rollup (hour_ms, account_id, project_id, agent_id, model, records, input_tokens,
    output_tokens, cache_read_tokens, cache_write_tokens, cost_micros) VALUES (?,?,?,?,?,1,?,?,?,?,?)
    ON CONFLICT (hour_ms, account_id, project_id, agent_id, model) DO UPDATE SET records = records + 1,
    input_tokens = input_tokens + excluded.input_tokens, output_tokens = output_tokens + excluded.output_tokens,
    cache_read_tokens = cache_read_tokens + excluded.cache_read_tokens, cache_write_tokens = cache_write_tokens + excluded.cache_write_tokens,
    cost_micros = cost_micros + excluded.cost_micros`);
  const turn = sqlite.prepare(`SELECT coalesce(sum(cost_micros),0) AS costMicros, count(*) AS records FROM usage_records
    WHERE agent_id = ? AND model = ? AND ts_ms > ? AND ts_ms <= ?`);
  const prevTurn = sqlite.prepare(`SELECT max(ts_ms) AS t FROM usage_records WHERE agent_id = ? AND model = ? AND ts_ms < ?
    AND reported_cost_scope = 'turn'`);
  const divergent = sqlite.prepare('UPDATE usage_records SET divergent = ? WHERE message_id = ?');
  return {
    /** True when the record is new (false: a duplicate message id, nothing changed). */
    insert(r: StoredCostRecord): boolean {
      const t = r.tokens;
      const res = insert.run(
        r.messageId,
        r.agentId,
        r.runnerId ?? null,
        r.accountId ?? null,
        r.projectId ?? null,
        r.provider ?? null,
        r.model,
        r.matchedModel,
        r.matchKind,
        t.input,
        t.output,
        t.cacheRead,
        t.cacheWrite5m,
        t.cacheWrite1h,
        r.webSearchRequests,
        r.costMicros,
        r.rateCardId,
        r.rateCardVersion,
        r.reportedCostMicros ?? null,
        r.reportedCostScope ?? null,
        r.granularity ?? null,
        r.divergent ? 1 : 0,
        r.ts,
        r.tsMs,
      );
      if (res.changes === 0) return false;
      rollup.run(
        r.tsMs - (r.tsMs % HOUR_MS),
        r.accountId ?? '',
        r.projectId ?? '',
        r.agentId,
        r.model,
        t.input,
        t.output,
        t.cacheRead,
        t.cacheWrite5m + t.cacheWrite1h,
        r.costMicros,
      );
      return true;
    },
    /** Sum and count of an agent's records of `model` after `afterMs` up to `uptoMs` (a turn). */
    turnCost: (agentId: string, model: string, afterMs: number, uptoMs: number) =>
      turn.get(agentId, model, afterMs, uptoMs) as { costMicros: number; records: number },
    /** ts_ms of the agent's previous turn-scoped record of `model` before `beforeMs`, or -1. */
    previousTurnEnd: (agentId: string, model: string, beforeMs: number): number => (prevTurn.get(agentId, model, beforeMs) as { t: number | null }).t ?? -1,
    setDivergent: (messageId: string, d: boolean): void => void divergent.run(d ? 1 : 0, messageId),
  };
}
export type UsageRepo = ReturnType<typeof createUsageRepo>;
