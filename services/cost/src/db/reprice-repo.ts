/** Explicit re-pricing of a period: new prices and card version on the rows, rollup hours rebuilt. */
import { repriceRecords, type RateCard, type RepriceResult, type Usage } from '../domain/index.ts';
import type { CostDb, Sqlite } from './cost-db.ts';

const HOUR_MS = 3_600_000;

interface Row {
  messageId: string;
  model: string;
  costMicros: number;
  input: number;
  output: number;
  cacheRead: number;
  w5: number;
  w1: number;
  web: number;
}

export function createRepriceRepo(db: CostDb) {
  return {
    /** Re-prices the records of [fromMs, toMs) with `card` and rebuilds the rollup hours they touch, in one transaction. */
    period: (card: RateCard, fromMs: number, toMs: number) => repricePeriod(db.$client, card, fromMs, toMs),
  };
}
export type RepriceRepo = ReturnType<typeof createRepriceRepo>;

function repricePeriod(
  sqlite: Sqlite,
  card: RateCard,
  fromMs: number,
  toMs: number,
): RepriceResult<{ messageId: string; model: string; usage: Usage; costMicros: number }> {
  const rows = sqlite
    .prepare(
      `SELECT message_id AS messageId, model, cost_micros AS costMicros, input_tokens AS input, output_tokens AS output,
      cache_read_tokens AS cacheRead, cache_write_5m_tokens AS w5, cache_write_1h_tokens AS w1, web_search_requests AS web
      FROM usage_records WHERE ts_ms >= ? AND ts_ms < ?`,
    )
    .all(fromMs, toMs) as Row[];
  const records = rows.map((r) => ({
    messageId: r.messageId,
    model: r.model,
    costMicros: r.costMicros,
    usage: {
      inputTokens: r.input,
      outputTokens: r.output,
      cacheReadInputTokens: r.cacheRead,
      cacheCreationInputTokens: r.w5 + r.w1,
      cacheCreation1hInputTokens: r.w1,
      webSearchRequests: r.web,
    },
  }));
  const result = repriceRecords(records, card);
  const update = sqlite.prepare(`UPDATE usage_records SET cost_micros = ?, matched_model = ?, match_kind = ?, rate_card_id = ?, rate_card_version = ?
    WHERE message_id = ?`);
  sqlite.transaction(() => {
    for (const r of result.records) update.run(r.costMicros, r.matchedModel, r.matchKind, r.rateCardId, r.rateCardVersion, r.messageId);
    rebuildRollup(sqlite, fromMs - (fromMs % HOUR_MS), toMs + ((HOUR_MS - (toMs % HOUR_MS)) % HOUR_MS));
  })();
  return result;
}

/** Recomputes the rollup rows of whole hours [fromHour, toHour) from the records. */
function rebuildRollup(sqlite: Sqlite, fromHour: number, toHour: number): void {
  sqlite.prepare('DELETE FROM cost_rollup WHERE hour_ms >= ? AND hour_ms < ?').run(fromHour, toHour);
  sqlite
    .prepare(
      `INSERT INTO cost_rollup (hour_ms, account_id, project_id, agent_id, model, records, input_tokens, output_tokens, cache_read_tokens,
      cache_write_tokens, cost_micros) SELECT ts_ms - ts_ms % ${HOUR_MS}, coalesce(account_id,''), coalesce(project_id,''), agent_id, model, count(*),
      sum(input_tokens), sum(output_tokens), sum(cache_read_tokens), sum(cache_write_5m_tokens + cache_write_1h_tokens), sum(cost_micros)
      FROM usage_records WHERE ts_ms >= ? AND ts_ms < ? GROUP BY 1, 2, 3, 4, 5`,
    )
    .run(fromHour, toHour);
}
