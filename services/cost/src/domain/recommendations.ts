/**
 * Savings advice computed from cost records. Every rule and threshold is documented in its own
 * file (recommend-*.ts) and in RecommendationThresholds. Savings are expressed over the records
 * passed in: pass a month of records to get a monthly saving.
 */
import type { RateCard } from './rate-card.ts';
import { recommendBatching } from './recommend-batching.ts';
import { recommendCaching } from './recommend-cache-ratio.ts';
import { recommendCheaperModels } from './recommend-cheaper-model.ts';
import { recommendDuplicateAgents } from './recommend-duplicate-agents.ts';
import { recommendIdleAgents } from './recommend-idle-agents.ts';
import { DEFAULT_THRESHOLDS, type CostRecord, type Recommendation, type RecommendationThresholds } from './recommendation-types.ts';

/** All recommendations, largest saving first (ties by kind, then scope value: deterministic). */
export function computeRecommendations(records: readonly CostRecord[], card: RateCard, thresholds: Partial<RecommendationThresholds> = {}): Recommendation[] {
  const t = { ...DEFAULT_THRESHOLDS, ...thresholds };
  const all = [
    ...recommendCheaperModels(records, card, t),
    ...recommendCaching(records, card, t),
    ...recommendIdleAgents(records, t),
    ...recommendDuplicateAgents(records, t),
    ...recommendBatching(records, t),
  ];
  return all.sort(
    (a, b) =>
      b.estimatedSavingMicros - a.estimatedSavingMicros || cmp(a.kind, b.kind) || cmp(a.scope.value ?? '', b.scope.value ?? '') || cmp(a.title, b.title),
  );
}

/** Code-unit order: unlike localeCompare it does not depend on the host's locale. */
function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
