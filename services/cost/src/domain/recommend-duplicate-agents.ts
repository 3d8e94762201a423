/**
 * duplicate_agents: two or more agents doing the same task type in the same project at the
 * same time. Each agent's active span is [first, last] record time; the agent that spent most
 * is kept, and every other agent whose span overlaps the kept one by at least
 * duplicateMinOverlap of the shorter span is a duplicate. Saving = the duplicates' stored cost
 * inside the overlap.
 */
import { costOf, groupBy, timeOf, type CostRecord, type Recommendation, type RecommendationThresholds } from './recommendation-types.ts';

interface AgentSpan {
  agentId: string;
  records: CostRecord[];
  start: number;
  end: number;
  cost: number;
}

export function recommendDuplicateAgents(records: readonly CostRecord[], t: RecommendationThresholds): Recommendation[] {
  const out: Recommendation[] = [];
  const key = (r: CostRecord) => (r.projectId !== undefined && r.taskType !== undefined ? JSON.stringify([r.projectId, r.taskType]) : undefined);
  for (const [groupKey, rs] of groupBy(records, key)) {
    const [projectId, taskType] = JSON.parse(groupKey) as [string, string];
    const spans = [...groupBy(rs, (r) => r.agentId)]
      .map(([agentId, own]) => span(agentId, own))
      .sort((a, b) => b.cost - a.cost || (a.agentId < b.agentId ? -1 : 1));
    const [kept, ...others] = spans;
    if (!kept) continue;
    const duplicates = others.filter((s) => overlapShare(kept, s) >= t.duplicateMinOverlap);
    const overlapping = duplicates.flatMap((s) => s.records.filter((r) => timeOf(r) >= kept.start && timeOf(r) <= kept.end));
    const saving = costOf(overlapping);
    if (duplicates.length === 0 || saving < t.minSavingMicros) continue;
    out.push({
      kind: 'duplicate_agents',
      title: `${duplicates.length + 1} agents work on "${taskType}" in project ${projectId} at the same time`,
      estimatedSavingMicros: saving,
      evidence: { agents: duplicates.length + 1, duplicateRecords: overlapping.length, duplicateCostMicros: saving, keptAgentCostMicros: kept.cost },
      context: { projectId, taskType, keptAgentId: kept.agentId, duplicateAgentIds: duplicates.map((d) => d.agentId).join(',') },
      scope: { kind: 'project', value: projectId },
    });
  }
  return out;
}

function span(agentId: string, records: CostRecord[]): AgentSpan {
  // A loop, not Math.min(...times): spreading 100k+ records overflows the call stack.
  let start = Infinity;
  let end = -Infinity;
  for (const r of records) {
    const t = timeOf(r);
    if (t < start) start = t;
    if (t > end) end = t;
  }
  return { agentId, records, start, end, cost: costOf(records) };
}

/** Overlap as a share of the shorter span; a single instant counts as fully inside or not. */
function overlapShare(a: AgentSpan, b: AgentSpan): number {
  const overlap = Math.min(a.end, b.end) - Math.max(a.start, b.start);
  if (overlap < 0) return 0;
  const shorter = Math.min(a.end - a.start, b.end - b.start);
  return shorter === 0 ? 1 : overlap / shorter;
}
