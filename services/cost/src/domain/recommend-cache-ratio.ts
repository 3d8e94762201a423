/**
 * low_cache_ratio: an agent whose prompts are mostly re-sent uncached. Per agent and model,
 * ratio = cache read / (input + cache read + cache write). When the prompt volume is at least
 * cacheMinPromptTokens and the ratio is under cacheMaxReadRatio, the saving is the input tokens
 * that would have been cache reads at cacheTargetReadRatio, priced at (input − cache read).
 * It ignores the extra cache writes better caching needs, so it is an upper estimate.
 */
import { matchModel } from './model-match.ts';
import { picosToMicros } from './money.ts';
import type { RateCard } from './rate-card.ts';
import { groupBy, type CostRecord, type Recommendation, type RecommendationThresholds } from './recommendation-types.ts';

interface ModelCaching {
  prompt: number;
  cacheRead: number;
  savingPicos: bigint;
}

export function recommendCaching(records: readonly CostRecord[], card: RateCard, t: RecommendationThresholds): Recommendation[] {
  const out: Recommendation[] = [];
  for (const [agentId, agentRecords] of groupBy(records, (r) => r.agentId)) {
    const poor = [...groupBy(agentRecords, (r) => r.model)].map(([model, rs]) => caching(model, rs, card, t)).filter((c) => c !== null);
    const saving = picosToMicros(poor.reduce((sum, c) => sum + c.savingPicos, 0n));
    if (poor.length === 0 || saving < t.minSavingMicros) continue;
    const prompt = poor.reduce((sum, c) => sum + c.prompt, 0);
    const cacheRead = poor.reduce((sum, c) => sum + c.cacheRead, 0);
    out.push({
      kind: 'low_cache_ratio',
      title: `Agent ${agentId} reads only ${Math.round((100 * cacheRead) / prompt)}% of its prompt from cache`,
      estimatedSavingMicros: saving,
      evidence: { promptTokens: prompt, cacheReadTokens: cacheRead, cacheReadRatio: cacheRead / prompt, targetRatio: t.cacheTargetReadRatio },
      context: { agentId },
      scope: { kind: 'agent', value: agentId },
    });
  }
  return out;
}

function caching(model: string, records: CostRecord[], card: RateCard, t: RecommendationThresholds): ModelCaching | null {
  const { matchedModel } = matchModel(card, model);
  const price = matchedModel === null ? undefined : card.models[matchedModel];
  if (!price) return null;
  const input = records.reduce((sum, r) => sum + r.inputTokens, 0);
  const cacheRead = records.reduce((sum, r) => sum + r.cacheRead, 0);
  const prompt = input + cacheRead + records.reduce((sum, r) => sum + r.cacheWrite, 0);
  if (prompt < t.cacheMinPromptTokens || cacheRead / prompt >= t.cacheMaxReadRatio) return null;
  const movable = Math.min(input, Math.max(0, Math.floor(t.cacheTargetReadRatio * prompt) - cacheRead));
  const perToken = BigInt(Math.max(0, price.base.input - price.base.cacheRead));
  return { prompt, cacheRead, savingPicos: BigInt(movable) * perToken };
}
