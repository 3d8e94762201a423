/**
 * off_peak_batching: work of a task type that tolerates latency (batchableTaskTypes) run
 * interactively. Sent through the provider's batch API, and so off the interactive peak, it
 * costs batchDiscount less. Saving = stored cost × batchDiscount.
 */
import { costOf, groupBy, type CostRecord, type Recommendation, type RecommendationThresholds } from './recommendation-types.ts';

export function recommendBatching(records: readonly CostRecord[], t: RecommendationThresholds): Recommendation[] {
  const batchable = new Set(t.batchableTaskTypes);
  const out: Recommendation[] = [];
  for (const [taskType, rs] of groupBy(records, (r) => (r.taskType !== undefined && batchable.has(r.taskType) ? r.taskType : undefined))) {
    const cost = costOf(rs);
    const saving = Math.floor(cost * t.batchDiscount);
    if (saving < t.minSavingMicros) continue;
    out.push({
      kind: 'off_peak_batching',
      title: `Batch "${taskType}" work off-peak through the batch API (${Math.round(t.batchDiscount * 100)}% off)`,
      estimatedSavingMicros: saving,
      evidence: { records: rs.length, costMicros: cost, discount: t.batchDiscount, agents: new Set(rs.map((r) => r.agentId)).size },
      context: { taskType },
      scope: { kind: 'task_type', value: taskType },
    });
  }
  return out;
}
