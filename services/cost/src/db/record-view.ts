/** A usage_records row as the API shows it. */
import type { CostRecordView, MatchKind } from '@flywheel/contracts';
import { microsToUsdNumber } from '../domain/index.ts';

interface Row {
  message_id: string;
  agent_id: string;
  runner_id: string | null;
  account_id: string | null;
  project_id: string | null;
  provider: string | null;
  model: string;
  matched_model: string | null;
  match_kind: MatchKind;
  input_tokens: number;
  output_tokens: number;
  cache_read_tokens: number;
  cache_write_5m_tokens: number;
  cache_write_1h_tokens: number;
  cost_micros: number;
  rate_card_id: string;
  rate_card_version: string;
  reported_cost_micros: number | null;
  reported_cost_scope: 'message' | 'turn' | null;
  granularity: 'message' | 'turn' | null;
  divergent: number;
  ts: string;
}

const opt = <K extends string>(key: K, v: string | number | null) => (v === null ? {} : ({ [key]: v } as Record<K, never>));

export function toRecordView(raw: Record<string, unknown>): CostRecordView {
  const r = raw as unknown as Row;
  return {
    messageId: r.message_id,
    agentId: r.agent_id,
    ...opt('runnerId', r.runner_id),
    ...opt('accountId', r.account_id),
    ...opt('projectId', r.project_id),
    ...opt('provider', r.provider),
    model: r.model,
    matchedModel: r.matched_model,
    matchKind: r.match_kind,
    tokens: {
      input: r.input_tokens,
      output: r.output_tokens,
      cacheRead: r.cache_read_tokens,
      cacheWrite5m: r.cache_write_5m_tokens,
      cacheWrite1h: r.cache_write_1h_tokens,
    },
    costMicros: r.cost_micros,
    costUsd: microsToUsdNumber(r.cost_micros),
    rateCardId: r.rate_card_id,
    rateCardVersion: r.rate_card_version,
    ...opt('reportedCostMicros', r.reported_cost_micros),
    ...opt('reportedCostScope', r.reported_cost_scope),
    ...opt('granularity', r.granularity),
    divergent: r.divergent === 1,
    ...(r.match_kind === 'unknown' ? { flag: 'unknown_model' as const } : {}),
    ts: r.ts,
  };
}
