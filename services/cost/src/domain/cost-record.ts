/**
 * A usage record priced for storage: the tokens by line item, our cost with the card that priced
 * it, and the agent-reported cost beside it with a divergence flag (see reported-cost.ts).
 */
import type { MatchKind } from './model-match.ts';
import type { Micros } from './money.ts';
import { priceUsage } from './pricing.ts';
import type { RateCard } from './rate-card.ts';
import { compareReportedCost } from './reported-cost.ts';
import { tokenLines, type TokenLines, type Usage } from './usage.ts';

/** What ingest receives (the contracts' UsageRecord, structurally). */
export interface IncomingUsage {
  messageId: string;
  agentId: string;
  runnerId?: string;
  accountId?: string;
  projectId?: string;
  provider?: string;
  model: string;
  usage: Usage;
  reportedCostUsd?: number;
  reportedCostScope?: 'message' | 'turn';
  /** One model message or one agent turn (UsageRecord.granularity). */
  granularity?: 'message' | 'turn';
  ts: string;
}

export interface StoredCostRecord extends Omit<IncomingUsage, 'usage' | 'reportedCostUsd'> {
  matchedModel: string | null;
  matchKind: MatchKind;
  tokens: TokenLines;
  webSearchRequests: number;
  costMicros: Micros;
  rateCardId: string;
  rateCardVersion: string;
  reportedCostMicros?: Micros;
  /** For a turn-scoped report this is settled against the turn's records by the store. */
  divergent: boolean;
  tsMs: number;
}

/** Prices one incoming record with `card`. @throws AppError BAD_REQUEST on invalid usage. */
export function priceRecord(card: RateCard, r: IncomingUsage): StoredCostRecord {
  const priced = priceUsage(card, r.model, r.usage);
  const scope = r.reportedCostScope;
  const compared = r.reportedCostUsd === undefined ? undefined : compareReportedCost(priced.costMicros, r.reportedCostUsd);
  return {
    messageId: r.messageId,
    agentId: r.agentId,
    runnerId: r.runnerId,
    accountId: r.accountId,
    projectId: r.projectId,
    provider: r.provider,
    model: r.model,
    matchedModel: priced.matchedModel,
    matchKind: priced.matchKind,
    tokens: tokenLines(r.usage),
    webSearchRequests: r.usage.webSearchRequests ?? 0,
    costMicros: priced.costMicros,
    rateCardId: priced.rateCardId,
    rateCardVersion: priced.rateCardVersion,
    reportedCostMicros: compared?.reportedMicros,
    reportedCostScope: scope,
    granularity: r.granularity,
    divergent: compared !== undefined && scope !== 'turn' && compared.divergent,
    ts: new Date(Date.parse(r.ts)).toISOString(),
    tsMs: Date.parse(r.ts),
  };
}
