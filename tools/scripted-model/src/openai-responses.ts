import { chunkText } from './chunk-text.ts';
import { newId } from './ids.ts';
import type { ResolvedTurn, WireBlock } from './resolve-turn.ts';

type Item = Record<string, unknown> & { id: string; type: string };
export interface ResponsesEvent {
  type: string;
  [field: string]: unknown;
}

/** OpenAI counts cached tokens inside input_tokens; the script's cache reads become cached_tokens. */
export function responsesUsage(turn: ResolvedTurn) {
  const u = turn.usage;
  const input = u.input_tokens + u.cache_read_input_tokens + u.cache_creation_input_tokens;
  return {
    input_tokens: input,
    input_tokens_details: { cached_tokens: u.cache_read_input_tokens },
    output_tokens: u.output_tokens,
    output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: input + u.output_tokens,
  };
}

/**
 * A free-form (custom) tool's raw text from the script's tool_use input: its `input` string (Codex's apply_patch is
 * declared `{type: 'custom', name: 'apply_patch'}` and takes the patch text itself), else the input as JSON.
 */
function customInput(input: Record<string, unknown>): string {
  return typeof input.input === 'string' ? input.input : JSON.stringify(input);
}

function toItem(block: WireBlock, customTools: ReadonlySet<string>): Item {
  if (block.type === 'text') {
    return { type: 'message', id: newId('msg'), role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: block.text, annotations: [] }] };
  }
  if (block.type === 'thinking') {
    return { type: 'reasoning', id: newId('rs'), summary: [{ type: 'summary_text', text: block.thinking }] };
  }
  const call_id = block.id.replace(/^toolu_/, 'call_');
  if (customTools.has(block.name)) {
    return { type: 'custom_tool_call', id: newId('ctc'), call_id, name: block.name, input: customInput(block.input), status: 'completed' };
  }
  return {
    type: 'function_call',
    id: newId('fc'),
    call_id,
    name: block.name,
    arguments: JSON.stringify(block.input),
    status: 'completed',
  };
}

function itemDeltas(item: Item, outputIndex: number, chunkChars: number): ResponsesEvent[] {
  const at = { item_id: item.id, output_index: outputIndex };
  if (item.type === 'message') {
    const text = (item.content as Array<{ text: string }>)[0].text;
    const part = { type: 'output_text', text: '', annotations: [] };
    return [
      { type: 'response.content_part.added', ...at, content_index: 0, part },
      ...chunkText(text, chunkChars).map((delta) => ({ type: 'response.output_text.delta', ...at, content_index: 0, delta })),
      { type: 'response.output_text.done', ...at, content_index: 0, text },
      { type: 'response.content_part.done', ...at, content_index: 0, part: { ...part, text } },
    ];
  }
  if (item.type === 'function_call') {
    const args = item.arguments as string;
    return [
      ...chunkText(args, chunkChars).map((delta) => ({ type: 'response.function_call_arguments.delta', ...at, delta })),
      { type: 'response.function_call_arguments.done', ...at, arguments: args },
    ];
  }
  if (item.type === 'custom_tool_call') {
    const input = item.input as string;
    return [
      ...chunkText(input, chunkChars).map((delta) => ({ type: 'response.custom_tool_call_input.delta', ...at, delta })),
      { type: 'response.custom_tool_call_input.done', ...at, input },
    ];
  }
  return [];
}

function emptyItem(item: Item): Item {
  if (item.type === 'message') return { ...item, status: 'in_progress', content: [] };
  if (item.type === 'function_call') return { ...item, status: 'in_progress', arguments: '' };
  if (item.type === 'custom_tool_call') return { ...item, status: 'in_progress', input: '' };
  return item;
}

/** The names of the request's free-form tools (`tools: [{type: 'custom', name}]`): calls to them are custom_tool_call items. */
export function customToolNames(tools: unknown): Set<string> {
  if (!Array.isArray(tools)) return new Set();
  return new Set(tools.flatMap((t) => (t && typeof t === 'object' && t.type === 'custom' && typeof t.name === 'string' ? [t.name as string] : [])));
}

/**
 * The Responses API event sequence for one turn, without sequence numbers. A tool_use naming one of `customTools` (the
 * request's free-form tools) becomes a custom_tool_call with raw text input; any other a function_call.
 */
export function responsesEvents(turn: ResolvedTurn, customTools: ReadonlySet<string> = new Set()): ResponsesEvent[] {
  const items = turn.content.map((b) => toItem(b, customTools));
  const response = {
    id: turn.id.replace(/^msg_/, 'resp_'),
    object: 'response',
    created_at: Math.floor(Date.now() / 1000),
    model: turn.model,
    status: 'in_progress',
    output: [] as Item[],
  };
  const events: ResponsesEvent[] = [
    { type: 'response.created', response },
    { type: 'response.in_progress', response },
  ];
  items.forEach((item, i) => {
    events.push({ type: 'response.output_item.added', output_index: i, item: emptyItem(item) });
    events.push(...itemDeltas(item, i, turn.chunkChars));
    events.push({ type: 'response.output_item.done', output_index: i, item });
  });
  events.push({ type: 'response.completed', response: { ...response, status: 'completed', output: items, usage: responsesUsage(turn) } });
  return events;
}
