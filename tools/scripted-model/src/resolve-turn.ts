import { newId } from './ids.ts';
import type { StopReason, Turn, Usage } from './script-schema.ts';

/** Usage exactly as it goes on the wire. */
export interface WireUsage {
  input_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
  cache_creation: { ephemeral_5m_input_tokens: number; ephemeral_1h_input_tokens: number };
  output_tokens: number;
  service_tier: 'standard';
}

export type WireBlock =
  | { type: 'text'; text: string }
  | { type: 'thinking'; thinking: string; signature: string }
  | { type: 'tool_use'; id: string; name: string; input: Record<string, unknown> };

/** A turn with every default filled in: what one response carries. */
export interface ResolvedTurn {
  id: string;
  model: string;
  content: WireBlock[];
  stopReason: StopReason;
  usage: WireUsage;
  delayMs: number;
  chunkChars: number;
  headers: Record<string, string>;
}

export function toWireUsage(usage: Usage): WireUsage {
  const split = usage.cache_creation;
  const total = usage.cache_creation_input_tokens ?? (split ? split.ephemeral_5m_input_tokens + split.ephemeral_1h_input_tokens : 0);
  return {
    input_tokens: usage.input_tokens,
    cache_creation_input_tokens: total,
    cache_read_input_tokens: usage.cache_read_input_tokens,
    cache_creation: split ?? { ephemeral_5m_input_tokens: total, ephemeral_1h_input_tokens: 0 },
    output_tokens: usage.output_tokens,
    service_tier: 'standard',
  };
}

function toWireBlock(block: Turn['content'][number]): WireBlock {
  if (block.type === 'text') return { type: 'text', text: block.text };
  if (block.type === 'thinking') {
    return { type: 'thinking', thinking: block.thinking, signature: block.signature ?? 'scripted-signature' };
  }
  return { type: 'tool_use', id: block.id ?? newId('toolu'), name: block.name, input: block.input };
}

/** Fills ids, model and stop reason for one response to a request that asked for `requestedModel`. */
export function resolveTurn(turn: Turn, requestedModel: string): ResolvedTurn {
  const content = turn.content.map(toWireBlock);
  const hasToolUse = content.some((b) => b.type === 'tool_use');
  return {
    id: turn.id ?? newId('msg'),
    model: turn.model ?? requestedModel,
    content,
    stopReason: turn.stop_reason ?? (hasToolUse ? 'tool_use' : 'end_turn'),
    usage: toWireUsage(turn.usage),
    delayMs: turn.delayMs,
    chunkChars: turn.chunkChars,
    headers: turn.headers ?? {},
  };
}
