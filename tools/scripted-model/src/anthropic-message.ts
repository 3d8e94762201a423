import type { ResolvedTurn, WireBlock } from './resolve-turn.ts';
import { chunkText } from './chunk-text.ts';

/** The complete Messages API response body (non-streaming). */
export function toMessage(turn: ResolvedTurn) {
  return {
    id: turn.id,
    type: 'message',
    role: 'assistant',
    model: turn.model,
    content: turn.content,
    stop_reason: turn.stopReason,
    stop_sequence: null,
    usage: turn.usage,
  };
}

/** The `message` of `message_start`: input-side usage; output tokens arrive with `message_delta`, as with the real API. */
export function startMessage(turn: ResolvedTurn) {
  const usage = { ...turn.usage, output_tokens: Math.min(1, turn.usage.output_tokens) };
  return { ...toMessage(turn), content: [], stop_reason: null, usage };
}

/** The `message_delta` payload: stop reason plus cumulative usage (overwrites, never adds, in the SDKs). */
export function finalDelta(turn: ResolvedTurn) {
  const { input_tokens, cache_creation_input_tokens, cache_read_input_tokens, output_tokens } = turn.usage;
  return {
    delta: { stop_reason: turn.stopReason, stop_sequence: null },
    usage: { input_tokens, cache_creation_input_tokens, cache_read_input_tokens, output_tokens },
  };
}

/** The block as `content_block_start` announces it: empty, filled by the deltas that follow. */
export function emptyBlock(block: WireBlock): WireBlock {
  if (block.type === 'text') return { type: 'text', text: '' };
  if (block.type === 'thinking') return { type: 'thinking', thinking: '', signature: '' };
  return { type: 'tool_use', id: block.id, name: block.name, input: {} };
}

/** The `content_block_delta` payloads that rebuild `block`. */
export function blockDeltas(block: WireBlock, chunkChars: number): Record<string, unknown>[] {
  if (block.type === 'text') {
    return chunkText(block.text, chunkChars).map((text) => ({ type: 'text_delta', text }));
  }
  if (block.type === 'thinking') {
    const parts = chunkText(block.thinking, chunkChars).map((thinking) => ({ type: 'thinking_delta', thinking }));
    return [...parts, { type: 'signature_delta', signature: block.signature }];
  }
  // Anthropic opens every tool_use with an empty partial_json.
  const json = JSON.stringify(block.input);
  return ['', ...chunkText(json, chunkChars)].map((partial_json) => ({ type: 'input_json_delta', partial_json }));
}
