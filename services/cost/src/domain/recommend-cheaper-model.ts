/**
 * cheaper_model: a task type served by model A is also served, often enough to be proven
 * (cheaperModelMinRecords), by a cheaper model B of the same provider. Saving = A's records on
 * that task priced at A minus the same usage priced at B, both with the current card (so an
 * old card version on stored records cannot distort the comparison).
 */
import { matchModel } from './model-match.ts';
import { sumMicros } from './money.ts';
import { priceUsage } from './pricing.ts';
import type { RateCard } from './rate-card.ts';
import { groupBy, usageOf, type CostRecord, type Recommendation, type RecommendationThresholds } from './recommendation-types.ts';

export function recommendCheaperModels(records: readonly CostRecord[], card: RateCard, t: RecommendationThresholds): Recommendation[] {
  const out: Recommendation[] = [];
  for (const [taskType, taskRecords] of groupBy(records, (r) => r.taskType)) {
    const byModel = groupBy(taskRecords, (r) => r.model);
    for (const [model, used] of byModel) {
      const best = cheapestAlternative(model, used, byModel, card, t);
      if (best && best.saving >= t.minSavingMicros) out.push(toRecommendation(taskType, model, used.length, best));
    }
  }
  return out;
}

interface Alternative {
  model: string;
  proven: number;
  current: number;
  repriced: number;
  saving: number;
}

function cheapestAlternative(
  model: string,
  used: CostRecord[],
  byModel: Map<string, CostRecord[]>,
  card: RateCard,
  t: RecommendationThresholds,
): Alternative | null {
  const provider = providerOf(card, model);
  if (provider === null) return null;
  const current = sumMicros(used.map((r) => priceUsage(card, model, usageOf(r)).costMicros));
  let best: Alternative | null = null;
  for (const [other, proof] of byModel) {
    if (other === model || proof.length < t.cheaperModelMinRecords || providerOf(card, other) !== provider) continue;
    const repriced = sumMicros(used.map((r) => priceUsage(card, other, usageOf(r)).costMicros));
    if (!best || repriced < best.repriced) best = { model: other, proven: proof.length, current, repriced, saving: current - repriced };
  }
  return best;
}

function providerOf(card: RateCard, model: string): string | null {
  const { matchedModel } = matchModel(card, model);
  return matchedModel === null ? null : (card.models[matchedModel]?.provider ?? null);
}

function toRecommendation(taskType: string, model: string, records: number, best: Alternative): Recommendation {
  return {
    kind: 'cheaper_model',
    title: `Use ${best.model} instead of ${model} for "${taskType}" tasks`,
    estimatedSavingMicros: best.saving,
    evidence: { records, currentMicros: best.current, repricedMicros: best.repriced, cheaperModelRecords: best.proven },
    context: { taskType, fromModel: model, toModel: best.model },
    scope: { kind: 'task_type', value: taskType },
  };
}
