import { z } from 'zod';

const Tokens = z.number().int().nonnegative();

/** A text block the model "writes". */
export const TextBlock = z.object({ type: z.literal('text'), text: z.string() });

/** Extended thinking; the signature is fake because nobody can verify it offline. */
export const ThinkingBlock = z.object({
  type: z.literal('thinking'),
  thinking: z.string(),
  signature: z.string().optional(),
});

/** A tool call; `id` defaults to a fresh `toolu_<random>`. */
export const ToolUseBlock = z.object({
  type: z.literal('tool_use'),
  name: z.string().min(1),
  input: z.record(z.string(), z.unknown()).prefault({}),
  id: z.string().min(1).optional(),
});

export const ContentBlock = z.discriminatedUnion('type', [TextBlock, ThinkingBlock, ToolUseBlock]);
export type ContentBlock = z.infer<typeof ContentBlock>;

export const CacheCreation = z.object({
  ephemeral_5m_input_tokens: Tokens.default(0),
  ephemeral_1h_input_tokens: Tokens.default(0),
});

/**
 * Usage as the Anthropic API reports it. When `cache_creation_input_tokens` is omitted it is the
 * sum of the `cache_creation` split; when the split is omitted all writes count as 5-minute writes.
 */
export const Usage = z.object({
  input_tokens: Tokens.default(0),
  output_tokens: Tokens.default(0),
  cache_read_input_tokens: Tokens.default(0),
  cache_creation_input_tokens: Tokens.optional(),
  cache_creation: CacheCreation.optional(),
});
export type Usage = z.infer<typeof Usage>;

export const StopReason = z.enum(['end_turn', 'tool_use', 'max_tokens', 'stop_sequence', 'pause_turn', 'refusal']);
export type StopReason = z.infer<typeof StopReason>;

/**
 * Instead of a message, answer with an API error (e.g. 429 rate_limit_error, 529 overloaded_error). By default for one
 * call; `times` and/or `forMs`/`until` repeat it (the turn is not consumed until either is used up, and the first call
 * after that gets the next turn). A 429 carries the reset headers of its window (retry-after, anthropic-ratelimit-*-reset,
 * anthropic-ratelimit-unified-*): the end of `forMs`/`until`, else `retryAfterMs` from now.
 */
export const ApiError = z.object({
  status: z.number().int().min(400).max(599),
  type: z.string().default('api_error'),
  message: z.string().default('scripted error'),
  times: z.number().int().positive().optional().describe('answer this error for this many calls'),
  forMs: z.number().int().nonnegative().optional().describe('answer this error until this long after its first call'),
  until: z.iso.datetime({ offset: true }).optional().describe('answer this error until this time'),
  retryAfterMs: z.number().int().nonnegative().optional().describe('reset advertised when there is no time window; default 1000'),
});
export type ApiError = z.infer<typeof ApiError>;

/** One model response. */
export const Turn = z.object({
  id: z.string().min(1).optional().describe('message id; default msg_<random>'),
  model: z.string().min(1).optional().describe('model to report; default the requested model'),
  content: z.array(ContentBlock).prefault([{ type: 'text', text: 'ok' }]),
  stop_reason: StopReason.optional().describe('default tool_use when a tool_use block is present, else end_turn'),
  usage: Usage.prefault({}),
  delayMs: z.number().int().nonnegative().default(0).describe('pause before each streamed chunk'),
  chunkChars: z.number().int().positive().default(24).describe('text/thinking/json chunk size when streaming'),
  headers: z.record(z.string(), z.string()).optional().describe('extra response headers'),
  error: ApiError.optional(),
});
export type Turn = z.infer<typeof Turn>;
export type TurnInput = z.input<typeof Turn>;

export const Turns = z.array(Turn);

/** A script file: a bare list of turns, or turns plus keyed scripts and a default reply. */
export const ScriptFile = z.union([
  Turns.transform((turns) => ({ turns, scripts: {}, defaultReply: undefined })),
  z.object({
    turns: Turns.default([]),
    scripts: z.record(z.string(), Turns).default({}),
    defaultReply: Turn.optional(),
  }),
]);
export type ScriptFile = z.infer<typeof ScriptFile>;

/** Body of `POST /_script`. */
export const SetScriptBody = z.object({
  key: z.string().min(1).default('default'),
  turns: Turns,
  defaultReply: Turn.optional(),
});
