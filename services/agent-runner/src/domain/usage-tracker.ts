import type { TokenUsage } from '@flywheel/contracts';
import type { UsageDraft } from './driver-event.ts';

interface WireUsage {
  input_tokens?: number | null;
  output_tokens?: number | null;
  cache_read_input_tokens?: number | null;
  cache_creation_input_tokens?: number | null;
  cache_creation?: { ephemeral_5m_input_tokens?: number; ephemeral_1h_input_tokens?: number } | null;
}

export const toTokenUsage = (u: WireUsage): TokenUsage => ({
  inputTokens: u.input_tokens ?? 0,
  outputTokens: u.output_tokens ?? 0,
  cacheReadInputTokens: u.cache_read_input_tokens ?? 0,
  cacheCreationInputTokens: u.cache_creation_input_tokens ?? 0,
  cacheCreation5mInputTokens: u.cache_creation?.ephemeral_5m_input_tokens,
  cacheCreation1hInputTokens: u.cache_creation?.ephemeral_1h_input_tokens,
});

interface Open {
  id: string;
  model: string;
  usage: WireUsage;
  stopReason?: string;
}

const baseModel = (key: string) => key.replace(/\[.*\]$/, '');

/**
 * One usage record per model message, with final numbers. Claude Code's assistant messages carry the
 * message_start usage (output_tokens 1) once per content block, so usage comes from the raw stream:
 * message_start + message_delta. A turn's last message waits for the result, which reports the turn's
 * cost per model (cumulative over the session, so the turn's share is the difference).
 */
export function createUsageTracker(publish: (u: UsageDraft) => void) {
  let open: Open | undefined;
  const published = new Set<string>();
  const held: Open[] = [];
  const turnCount = new Map<string, number>();
  const costSoFar = new Map<string, number>();
  // Reported cost not yet put on a record (a turn that ended without a final message), per model.
  const carry = new Map<string, number>();
  const carried = new Set<string>();
  const send = (m: Open, extra: Partial<UsageDraft> = {}) => {
    if (published.has(m.id)) return;
    published.add(m.id);
    publish({ messageId: m.id, model: m.model, usage: toTokenUsage(m.usage), granularity: 'message', ...extra });
  };
  const close = () => {
    if (!open) return;
    turnCount.set(open.model, (turnCount.get(open.model) ?? 0) + 1);
    // Only the turn's last message (no tool call follows) waits for the cost in the result.
    if (open.stopReason && open.stopReason !== 'tool_use') held.push(open);
    else send(open);
    open = undefined;
  };
  return {
    /** Raw Messages API stream events (SDK stream_event.event). */
    onStreamEvent(e: {
      type: string;
      message?: { id: string; model: string; usage?: WireUsage };
      usage?: WireUsage;
      delta?: { stop_reason?: string | null };
    }): void {
      if (e.type === 'message_start' && e.message) open = { id: e.message.id, model: e.message.model, usage: { ...e.message.usage } };
      else if (e.type === 'message_delta' && open) {
        for (const [k, v] of Object.entries(e.usage ?? {})) if (v !== null && v !== undefined) (open.usage as Record<string, unknown>)[k] = v;
        open.stopReason = e.delta?.stop_reason ?? open.stopReason;
      } else if (e.type === 'message_stop') close();
    },
    /** Fallback when no stream event covered a message: its (deduped) assistant-message usage. */
    onAssistant(m: { id?: string; model?: string; usage?: WireUsage }): void {
      if (!m.id || !m.model || !m.usage || published.has(m.id) || open?.id === m.id || held.some((h) => h.id === m.id)) return;
      held.push({ id: m.id, model: m.model, usage: m.usage });
      turnCount.set(m.model, (turnCount.get(m.model) ?? 0) + 1);
    },
    /**
     * End of turn: the turn's reported cost per model goes on its last held message. A turn without
     * one (interrupted mid tool call) carries its cost to the next record of that model, scoped 'turn'.
     */
    onResult(modelUsage: Record<string, { costUSD?: number }> | undefined): void {
      close();
      for (const [key, v] of Object.entries(modelUsage ?? {})) {
        if (typeof v.costUSD !== 'number') continue;
        const model = baseModel(key);
        const delta = v.costUSD - (costSoFar.get(model) ?? 0);
        costSoFar.set(model, v.costUSD);
        if (delta > 0) carry.set(model, (carry.get(model) ?? 0) + delta);
        if (delta > 0 && !held.some((h) => h.model === model)) carried.add(model);
      }
      for (let i = held.length - 1; i >= 0; i--) {
        const m = held[i];
        const cost = carry.get(m.model);
        const last = held.findLastIndex((h) => h.model === m.model) === i;
        if (!last || cost === undefined) {
          send(m);
          continue;
        }
        const scope = (turnCount.get(m.model) ?? 0) > 1 || carried.has(m.model) ? 'turn' : 'message';
        send(m, { reportedCostUsd: cost, reportedCostScope: scope });
        carry.delete(m.model);
        carried.delete(m.model);
      }
      held.length = 0;
      for (const model of turnCount.keys()) if (!carried.has(model)) turnCount.delete(model);
    },
  };
}
