/**
 * idle_agent: an agent that keeps calling the model without producing anything — at least
 * idleMinRecords responses, of which at least idleMinShare have ≤ idleMaxOutputTokens output
 * tokens (polling, retry or keep-alive loops). Saving = the stored cost of those idle responses.
 */
import { costOf, groupBy, type CostRecord, type Recommendation, type RecommendationThresholds } from './recommendation-types.ts';

export function recommendIdleAgents(records: readonly CostRecord[], t: RecommendationThresholds): Recommendation[] {
  const out: Recommendation[] = [];
  for (const [agentId, rs] of groupBy(records, (r) => r.agentId)) {
    const idle = rs.filter((r) => r.outputTokens <= t.idleMaxOutputTokens);
    const share = idle.length / rs.length;
    const saving = costOf(idle);
    if (rs.length < t.idleMinRecords || share < t.idleMinShare || saving < t.minSavingMicros) continue;
    out.push({
      kind: 'idle_agent',
      title: `Agent ${agentId} is idle: ${idle.length} of ${rs.length} responses produced at most ${t.idleMaxOutputTokens} tokens`,
      estimatedSavingMicros: saving,
      evidence: { records: rs.length, idleRecords: idle.length, idleShare: share, idleCostMicros: saving },
      context: { agentId },
      scope: { kind: 'agent', value: agentId },
    });
  }
  return out;
}
