import type { IncomingHttpHeaders } from 'node:http';
import { sampleForSchema } from './schema-sample.ts';
import type { TurnInput } from './script-schema.ts';

/** `main` requests play the script; `side` requests get a zero-usage default reply. */
export type RequestKind = 'main' | 'side';

export interface MessagesBody {
  model?: string;
  max_tokens?: number;
  stream?: boolean;
  tools?: unknown[];
  output_config?: { format?: { type?: string; schema?: Record<string, unknown> } };
}

function fromClaudeCode(headers: IncomingHttpHeaders): boolean {
  return String(headers['user-agent'] ?? '').startsWith('claude-cli/') || headers['x-app'] === 'cli';
}

/**
 * Claude Code sends side requests next to its agent loop (quota probe with max_tokens 1, session
 * title generation with structured output and no tools, ...). Its agent loop always offers tools,
 * so a Claude Code request without tools is a side request. Other clients: only the quota probe.
 */
export function classifyRequest(headers: IncomingHttpHeaders, body: MessagesBody): RequestKind {
  if (typeof body.max_tokens === 'number' && body.max_tokens <= 1) return 'side';
  if (fromClaudeCode(headers) && !body.tools?.length) return 'side';
  return 'main';
}

/** The reply to a side request: schema-shaped JSON when structured output is asked for, else `ok`. */
export function sideReply(body: MessagesBody, text = 'Scripted session'): TurnInput {
  const format = body.output_config?.format;
  const answer = format?.type === 'json_schema' ? JSON.stringify(sampleForSchema(format.schema, text)) : 'ok';
  return { content: [{ type: 'text', text: answer }], stop_reason: 'end_turn', usage: {} };
}
