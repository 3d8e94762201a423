/** Shared shapes and thresholds of the savings recommendations. */
import type { BudgetScopeKind } from '@flywheel/contracts/cost';
import { AppError } from '@flywheel/contracts/errors';
import type { Micros } from './money.ts';
import type { Usage } from './usage.ts';

/** One priced model response as the cost service stores it. */
export interface CostRecord {
  agentId: string;
  model: string;
  accountId?: string;
  projectId?: string;
  taskType?: string;
  inputTokens: number;
  outputTokens: number;
  cacheRead: number;
  cacheWrite: number;
  costMicros: Micros;
  /** ISO-8601 string or epoch milliseconds. */
  ts: string | number;
}

export type RecommendationKind = 'cheaper_model' | 'low_cache_ratio' | 'idle_agent' | 'duplicate_agents' | 'off_peak_batching';

/** What a recommendation is about: the budget scope vocabulary ({kind, value}) plus task types. */
export interface RecommendationScope {
  kind: BudgetScopeKind | 'task_type';
  value?: string;
}

/**
 * A savings suggestion. `estimatedSavingMicros` is what the analysed records would have cost
 * less had the advice been followed; `evidence` holds the numbers it rests on and `context` the
 * names (models, agents, task type) it refers to.
 */
export interface Recommendation {
  kind: RecommendationKind;
  title: string;
  estimatedSavingMicros: Micros;
  evidence: Record<string, number>;
  context: Record<string, string>;
  scope: RecommendationScope;
}

/** Every threshold the rules use; each default is explained where it is applied. */
export interface RecommendationThresholds {
  /** Advice saving less than this over the analysed records is noise ($1). */
  minSavingMicros: Micros;
  /** A cheaper model must have served the task type this often to count as proven (5). */
  cheaperModelMinRecords: number;
  /** Cache advice needs this much prompt volume per agent and model (1M tokens). */
  cacheMinPromptTokens: number;
  /** Below this cache-read share of the prompt, caching is considered poor (0.5). */
  cacheMaxReadRatio: number;
  /** The share a well-cached agent loop reaches; savings are computed up to it (0.8). */
  cacheTargetReadRatio: number;
  /** A response with at most this many output tokens did no visible work (20). */
  idleMaxOutputTokens: number;
  /** Idle advice needs at least this many responses from the agent (10). */
  idleMinRecords: number;
  /** ...and at least this share of them idle (0.8). */
  idleMinShare: number;
  /** Two agents duplicate each other when their active spans overlap this much of the shorter (0.5). */
  duplicateMinOverlap: number;
  /** Task types that tolerate hours of latency and can go through a batch API. */
  batchableTaskTypes: readonly string[];
  /** Batch API discount (Anthropic, OpenAI and Google all take 50% off). */
  batchDiscount: number;
}

export const DEFAULT_THRESHOLDS: RecommendationThresholds = {
  minSavingMicros: 1_000_000,
  cheaperModelMinRecords: 5,
  cacheMinPromptTokens: 1_000_000,
  cacheMaxReadRatio: 0.5,
  cacheTargetReadRatio: 0.8,
  idleMaxOutputTokens: 20,
  idleMinRecords: 10,
  idleMinShare: 0.8,
  duplicateMinOverlap: 0.5,
  batchableTaskTypes: ['batch', 'eval', 'report', 'docs'],
  batchDiscount: 0.5,
};

/** A record's tokens as pricing usage (all cache writes counted as 5-minute writes). */
export function usageOf(r: CostRecord): Usage {
  return { inputTokens: r.inputTokens, outputTokens: r.outputTokens, cacheReadInputTokens: r.cacheRead, cacheCreationInputTokens: r.cacheWrite };
}

/** Epoch milliseconds of a record; throws BAD_REQUEST on an unreadable timestamp. */
export function timeOf(r: CostRecord): number {
  const ms = typeof r.ts === 'number' ? r.ts : Date.parse(r.ts);
  if (!Number.isFinite(ms)) throw new AppError('BAD_REQUEST', `record of agent ${r.agentId} has an invalid ts: ${String(r.ts)}`);
  return ms;
}

/** Groups items by a key, skipping items whose key is undefined; insertion-ordered. */
export function groupBy<T>(items: readonly T[], key: (item: T) => string | undefined): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    if (k === undefined) continue;
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

/** Sum of the stored costs. */
export function costOf(records: readonly CostRecord[]): Micros {
  return records.reduce((sum, r) => sum + r.costMicros, 0);
}
