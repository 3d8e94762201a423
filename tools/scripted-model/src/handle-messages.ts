import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { toMessage } from './anthropic-message.ts';
import { streamTurn } from './anthropic-sse.ts';
import { callerKey } from './caller-key.ts';
import { HttpError, readJson, sendError, sendJson } from './http-util.ts';
import type { RequestLog } from './request-log.ts';
import { resolveTurn } from './resolve-turn.ts';
import { Turn } from './script-schema.ts';
import type { ScriptStore } from './script-store.ts';
import { classifyRequest, sideReply, type MessagesBody, type RequestKind } from './side-request.ts';
import { trackOutcome } from './track-outcome.ts';

export interface MessagesDeps {
  store: ScriptStore;
  log: RequestLog;
  detectSideRequests: boolean;
}

function parseBody(raw: unknown): MessagesBody & { messages: unknown[] } {
  const body = raw as (MessagesBody & { messages?: unknown }) | null;
  if (!body || typeof body !== 'object' || !Array.isArray(body.messages)) {
    throw new HttpError(400, 'invalid_request_error', 'messages: Field required');
  }
  return body as MessagesBody & { messages: unknown[] };
}

/** A 429's reset headers, as the Anthropic API sends them: seconds to wait, RFC 3339 resets, unified epoch seconds. */
export function errorHeaders(status: number, resetAt: number | undefined, now = Date.now()): Record<string, string> {
  if (status !== 429 || resetAt === undefined) return {};
  const iso = new Date(resetAt).toISOString();
  const out: Record<string, string> = { 'retry-after': String(Math.max(0, Math.ceil((resetAt - now) / 1000))) };
  for (const k of ['requests', 'tokens', 'input-tokens', 'output-tokens']) out[`anthropic-ratelimit-${k}-reset`] = iso;
  out['anthropic-ratelimit-unified-status'] = 'rejected';
  out['anthropic-ratelimit-unified-reset'] = String(Math.ceil(resetAt / 1000));
  return out;
}

/** `POST /v1/messages`: the next scripted turn (or a side reply), streamed or as one JSON body. */
export async function handleMessages(req: IncomingMessage, res: ServerResponse, deps: MessagesDeps): Promise<void> {
  const body = parseBody(await readJson(req));
  const key = callerKey(req.headers);
  const kind: RequestKind = deps.detectSideRequests ? classifyRequest(req.headers, body) : 'main';
  const next = kind === 'main' ? deps.store.next(key ?? undefined) : { key: null, turn: Turn.parse(sideReply(body)), index: null, resetAt: undefined };
  const entry = deps.log.add({
    method: 'POST',
    path: '/v1/messages',
    key,
    scriptKey: next.key,
    kind,
    turnIndex: next.index,
    headers: req.headers,
    body,
  });
  const signal = trackOutcome(res, entry);
  const { turn } = next;
  if (turn.error) {
    sendError(res, turn.error.status, turn.error.type, turn.error.message, { ...errorHeaders(turn.error.status, next.resetAt), ...turn.headers });
    return;
  }
  const resolved = resolveTurn(turn, body.model ?? 'claude-scripted');
  if (body.stream) {
    await streamTurn(res, resolved, signal);
    return;
  }
  if (resolved.delayMs > 0) await sleep(resolved.delayMs, undefined, { signal }).catch(() => undefined);
  if (!signal.aborted) sendJson(res, 200, toMessage(resolved), resolved.headers);
}

/** `POST /v1/messages/count_tokens`: a rough estimate (4 characters a token). */
export async function handleCountTokens(req: IncomingMessage, res: ServerResponse, log: RequestLog): Promise<void> {
  const body = await readJson(req);
  const entry = log.add({
    method: 'POST',
    path: '/v1/messages/count_tokens',
    key: callerKey(req.headers),
    scriptKey: null,
    kind: 'other',
    turnIndex: null,
    headers: req.headers,
    body,
  });
  sendJson(res, 200, { input_tokens: Math.max(1, Math.ceil(JSON.stringify(body).length / 4)) });
  entry.outcome = 'completed';
}
