import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { callerKey } from './caller-key.ts';
import type { MessagesDeps } from './handle-messages.ts';
import { HttpError, readJson, sendJson } from './http-util.ts';
import { customToolNames, responsesEvents, type ResponsesEvent } from './openai-responses.ts';
import { resolveTurn } from './resolve-turn.ts';
import { trackOutcome } from './track-outcome.ts';

/** A 429's reset headers as OpenAI sends them: retry-after and x-ratelimit-reset-* durations. */
function openaiErrorHeaders(status: number, resetAt: number | undefined, now = Date.now()): Record<string, string> {
  if (status !== 429 || resetAt === undefined) return {};
  const secs = Math.max(0, Math.ceil((resetAt - now) / 1000));
  return { 'retry-after': String(secs), 'x-ratelimit-reset-requests': `${secs}s`, 'x-ratelimit-reset-tokens': `${secs}s` };
}

interface ResponsesBody {
  model?: string;
  stream?: boolean;
  input?: unknown;
  tools?: unknown;
}

async function writeEvents(res: ServerResponse, events: ResponsesEvent[], delayMs: number, signal: AbortSignal) {
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
  try {
    for (const [sequence_number, event] of events.entries()) {
      if (delayMs > 0 && event.type.endsWith('.delta')) await sleep(delayMs, undefined, { signal });
      res.write(`event: ${event.type}\ndata: ${JSON.stringify({ ...event, sequence_number })}\n\n`);
    }
    res.end();
  } catch (err) {
    if (!signal.aborted) throw err;
    res.destroy();
  }
}

/** `POST /v1/responses`: the next scripted turn in OpenAI Responses API form (for Codex). */
export async function handleResponses(req: IncomingMessage, res: ServerResponse, deps: MessagesDeps): Promise<void> {
  const body = (await readJson(req)) as ResponsesBody;
  if (!body || typeof body !== 'object' || body.input === undefined) {
    throw new HttpError(400, 'invalid_request_error', 'input: Field required');
  }
  const key = callerKey(req.headers);
  const next = deps.store.next(key ?? undefined);
  const entry = deps.log.add({
    method: 'POST',
    path: '/v1/responses',
    key,
    scriptKey: next.key,
    kind: 'main',
    turnIndex: next.index,
    headers: req.headers,
    body,
  });
  const signal = trackOutcome(res, entry);
  const { turn } = next;
  if (turn.error) {
    sendJson(
      res,
      turn.error.status,
      { error: { message: turn.error.message, type: turn.error.type, code: null } },
      { ...openaiErrorHeaders(turn.error.status, next.resetAt), ...turn.headers },
    );
    return;
  }
  const events = responsesEvents(resolveTurn(turn, body.model ?? 'gpt-scripted'), customToolNames(body.tools));
  if (body.stream) await writeEvents(res, events, turn.delayMs, signal);
  else sendJson(res, 200, events.at(-1)!.response);
}
