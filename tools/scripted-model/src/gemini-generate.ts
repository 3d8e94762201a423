import { chunkText } from './chunk-text.ts';
import type { ResolvedTurn } from './resolve-turn.ts';

/** A Gemini API `GenerateContentResponse` (the fields Gemini CLI reads). */
export interface GeminiChunk {
  candidates: { index: number; content: { role: 'model'; parts: Record<string, unknown>[] }; finishReason?: string }[];
  usageMetadata?: Record<string, number>;
  modelVersion: string;
  responseId: string;
}

/**
 * Gemini's usage: promptTokenCount includes the cached tokens (cachedContentTokenCount), so the script's
 * input + cache reads + cache writes are the prompt, the cache reads the cached part; thoughts count apart.
 */
export function geminiUsage(turn: ResolvedTurn): Record<string, number> {
  const u = turn.usage;
  const prompt = u.input_tokens + u.cache_read_input_tokens + u.cache_creation_input_tokens;
  return {
    promptTokenCount: prompt,
    candidatesTokenCount: u.output_tokens,
    totalTokenCount: prompt + u.output_tokens,
    ...(u.cache_read_input_tokens > 0 ? { cachedContentTokenCount: u.cache_read_input_tokens } : {}),
  };
}

const FINISH: Record<string, string> = { end_turn: 'STOP', tool_use: 'STOP', stop_sequence: 'STOP', max_tokens: 'MAX_TOKENS', refusal: 'SAFETY' };

/** The turn's parts: text, thinking (`thought: true`) and tool calls (`functionCall`, the script's tool_use). */
function parts(turn: ResolvedTurn, chunked: boolean): Record<string, unknown>[][] {
  const out: Record<string, unknown>[][] = [];
  for (const b of turn.content) {
    if (b.type === 'text') for (const t of chunked ? chunkText(b.text, turn.chunkChars) : [b.text]) out.push([{ text: t }]);
    else if (b.type === 'thinking') out.push([{ text: b.thinking, thought: true }]);
    else out.push([{ functionCall: { id: b.id, name: b.name, args: b.input } }]);
  }
  return out;
}

/** The whole turn as stream chunks (`streamGenerateContent`); the last one carries finishReason and usage. */
export function geminiChunks(turn: ResolvedTurn): GeminiChunk[] {
  const base = { modelVersion: turn.model, responseId: turn.id };
  const list = parts(turn, true);
  if (list.length === 0) list.push([{ text: '' }]);
  return list.map((p, i) => {
    const last = i === list.length - 1;
    return {
      candidates: [{ index: 0, content: { role: 'model', parts: p }, ...(last ? { finishReason: FINISH[turn.stopReason] ?? 'STOP' } : {}) }],
      ...(last ? { usageMetadata: geminiUsage(turn) } : {}),
      ...base,
    };
  });
}

/** The whole turn as one response (`generateContent`). */
export function geminiResponse(turn: ResolvedTurn): GeminiChunk {
  return {
    candidates: [{ index: 0, content: { role: 'model', parts: parts(turn, false).flat() }, finishReason: FINISH[turn.stopReason] ?? 'STOP' }],
    usageMetadata: geminiUsage(turn),
    modelVersion: turn.model,
    responseId: turn.id,
  };
}
