import { z } from 'zod';
import { acpCallView } from './acp-tool-call.ts';
import type { EventDraft, UsageDraft } from './driver-event.ts';

const Content = z.looseObject({ type: z.string(), text: z.string().optional() });
/** The session/update shapes we read (ACP 1.x); others are ignored. */
export const AcpUpdate = z.looseObject({
  sessionUpdate: z.string(),
  content: z.union([Content, z.array(z.unknown())]).optional(),
  toolCallId: z.string().optional(),
  title: z.string().nullish(),
  kind: z.string().nullish(),
  status: z.string().nullish(),
  rawInput: z.unknown().optional(),
  rawOutput: z.unknown().optional(),
  locations: z.array(z.looseObject({ path: z.string() })).nullish(),
  /** usage_update (stable since ACP 2026-06): cumulative session cost, when the agent knows it. */
  cost: z.looseObject({ amount: z.number().nonnegative(), currency: z.string() }).nullish(),
});
export type AcpUpdate = z.infer<typeof AcpUpdate>;

const FILE_KIND: Record<string, 'read' | 'edit'> = { read: 'read', edit: 'edit' };

/** Tool calls in flight: name and start time, to fill tool_call_end. */
export type AcpTools = Map<string, { tool: string; startedAt: number }>;

/** Maps one ACP session/update to normalised event drafts. */
export function mapAcpUpdate(u: AcpUpdate, tools: AcpTools, now = Date.now()): EventDraft[] {
  const text = !Array.isArray(u.content) && u.content?.type === 'text' ? u.content.text : undefined;
  switch (u.sessionUpdate) {
    case 'agent_message_chunk':
      return text ? [{ type: 'output', stream: 'assistant', text }] : [];
    case 'agent_thought_chunk':
      return text ? [{ type: 'thinking', text }] : [];
    case 'tool_call': {
      if (!u.toolCallId) return [];
      const { tool, input } = acpCallView({ ...u, content: Array.isArray(u.content) ? u.content : undefined });
      tools.set(u.toolCallId, { tool, startedAt: now });
      const files = (u.locations ?? []).flatMap((l) =>
        u.kind && FILE_KIND[u.kind] ? [{ type: 'file' as const, op: FILE_KIND[u.kind], path: l.path, toolCallId: u.toolCallId }] : [],
      );
      return [{ type: 'tool_call_start', toolCallId: u.toolCallId, tool, input }, ...files];
    }
    case 'tool_call_update': {
      if (!u.toolCallId || (u.status !== 'completed' && u.status !== 'failed')) return [];
      const started = tools.get(u.toolCallId);
      tools.delete(u.toolCallId);
      return [
        {
          type: 'tool_call_end',
          toolCallId: u.toolCallId,
          tool: started?.tool ?? u.kind ?? 'tool',
          result: u.rawOutput ?? u.content,
          isError: u.status === 'failed',
          durationMs: started ? now - started.startedAt : undefined,
        },
      ];
    }
    default:
      return [];
  }
}

const Tokens = z.number().int().nonnegative();
/**
 * What a prompt turn's end reports about usage: ACP's own (unstable) `PromptResponse.usage` — this turn's tokens,
 * summed over every model call of the turn — or Gemini CLI's `_meta.quota` (0.61.0: per model, input and output
 * only, input including cached tokens).
 */
export const AcpPromptResult = z.looseObject({
  stopReason: z.string().optional(),
  usage: z
    .looseObject({
      inputTokens: Tokens,
      outputTokens: Tokens,
      cachedReadTokens: Tokens.nullish(),
      cachedWriteTokens: Tokens.nullish(),
    })
    .nullish(),
  _meta: z
    .looseObject({
      quota: z
        .looseObject({
          model_usage: z
            .array(z.looseObject({ model: z.string().min(1), token_count: z.looseObject({ input_tokens: Tokens, output_tokens: Tokens }) }))
            .optional(),
        })
        .nullish(),
    })
    .nullish(),
});
export type AcpPromptResult = z.infer<typeof AcpPromptResult>;

/** One ACP session's usage bookkeeping: turns so far, the model, the cumulative cost usage_update last said. */
export interface AcpUsageState {
  sessionId: string;
  turn: number;
  /** The session's model as the agent announced it (session/new `models.currentModelId`), else the spawn's. */
  model?: string;
  /** Latest cumulative session cost in USD from usage_update, and what had been put on records before. */
  costUsd?: number;
  costReported: number;
}

/** usage_update: remember the cumulative cost (USD only; another currency is not a dollar figure). */
export function noteAcpCost(u: AcpUpdate, s: AcpUsageState): void {
  if (u.sessionUpdate === 'usage_update' && u.cost && u.cost.currency.toUpperCase() === 'USD') s.costUsd = u.cost.amount;
}

/**
 * A prompt turn ended: one usage record per model the turn used, granularity `turn`, msgId
 * `${sessionId}:turn-${n}[:model]` (ACP exposes no model message ids; session + turn is stable across redeliveries).
 * The session cost usage_update reported since the previous turn goes on the turn's record when the turn used one
 * model (scope `turn`: it covers every call of the turn).
 */
export function acpTurnUsage(res: AcpPromptResult, s: AcpUsageState): UsageDraft[] {
  s.turn++;
  const base = `${s.sessionId}:turn-${s.turn}`;
  const perModel = res._meta?.quota?.model_usage;
  let drafts: UsageDraft[];
  if (res.usage) {
    const u = res.usage;
    drafts = [
      {
        messageId: base,
        model: s.model ?? 'unknown',
        usage: {
          inputTokens: u.inputTokens,
          outputTokens: u.outputTokens,
          cacheReadInputTokens: u.cachedReadTokens ?? 0,
          cacheCreationInputTokens: u.cachedWriteTokens ?? 0,
        },
        granularity: 'turn',
      },
    ];
  } else if (perModel?.length) {
    drafts = perModel
      .filter((m) => m.token_count.input_tokens + m.token_count.output_tokens > 0)
      .map((m) => ({
        messageId: perModel.length === 1 ? base : `${base}:${m.model}`,
        model: m.model,
        usage: { inputTokens: m.token_count.input_tokens, outputTokens: m.token_count.output_tokens, cacheReadInputTokens: 0, cacheCreationInputTokens: 0 },
        granularity: 'turn' as const,
      }));
  } else drafts = [];
  const cost = s.costUsd === undefined ? undefined : s.costUsd - s.costReported;
  if (cost !== undefined && cost > 0 && drafts.length === 1) {
    drafts[0] = { ...drafts[0], reportedCostUsd: cost, reportedCostScope: 'turn' };
    s.costReported = s.costUsd!;
  }
  return drafts.map((d) => ({ ...d, provider: providerOfModel(d.model) }));
}

/** The provider a model id belongs to, for the usage record (ACP agents can run any vendor's model). */
export function providerOfModel(model: string): string | undefined {
  if (/^(claude|anthropic)/i.test(model)) return 'anthropic';
  if (/^(gpt|o\d|codex|openai)/i.test(model)) return 'openai';
  if (/^(gemini|gemma|google)/i.test(model)) return 'google';
  return undefined;
}
