import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { callerKey } from './caller-key.ts';
import { geminiChunks, geminiResponse } from './gemini-generate.ts';
import type { MessagesDeps } from './handle-messages.ts';
import { HttpError, readJson, sendJson } from './http-util.ts';
import { resolveTurn } from './resolve-turn.ts';
import { sampleForSchema } from './schema-sample.ts';
import { Turn } from './script-schema.ts';
import { trackOutcome } from './track-outcome.ts';

/** The Gemini API's model routes: `/v1beta/models/<model>:<method>` (also v1 / v1alpha). */
export const GEMINI_PATH = /^\/v1(?:beta|alpha)?\/models\/([^/:]+):(generateContent|streamGenerateContent|countTokens)$/;

interface GeminiBody {
  contents?: unknown[];
  tools?: { functionDeclarations?: unknown[] }[];
  generationConfig?: { responseJsonSchema?: Record<string, unknown>; responseSchema?: Record<string, unknown>; responseMimeType?: string };
}

const STATUS: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  429: 'RESOURCE_EXHAUSTED',
  503: 'UNAVAILABLE',
};

/** A Gemini API error body; a 429 carries RetryInfo with the seconds until the scripted window ends. */
function sendGeminiError(res: ServerResponse, status: number, message: string, resetAt: number | undefined, headers: Record<string, string> = {}) {
  const secs = resetAt === undefined ? undefined : Math.max(0, Math.ceil((resetAt - Date.now()) / 1000));
  const details = status === 429 && secs !== undefined ? [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: `${secs}s` }] : [];
  sendJson(
    res,
    status,
    { error: { code: status, message, status: STATUS[status] ?? 'INTERNAL', details } },
    {
      ...(secs !== undefined && status === 429 ? { 'retry-after': String(secs) } : {}),
      ...headers,
    },
  );
}

/**
 * Gemini CLI's agent loop always offers function declarations; its helper calls (next-speaker check, model
 * routing, loop detection, titles) do not: those get a zero-usage reply shaped by their JSON schema.
 */
function sideReply(body: GeminiBody): Turn {
  const cfg = body.generationConfig;
  const schema = cfg?.responseJsonSchema ?? cfg?.responseSchema;
  const text = schema ? JSON.stringify(sampleForSchema(schema, 'Scripted session')) : 'ok';
  return Turn.parse({ content: [{ type: 'text', text }], stop_reason: 'end_turn', usage: {} });
}

/** `POST /v1beta/models/<model>:generateContent | :streamGenerateContent | :countTokens` for Gemini CLI. */
export async function handleGemini(req: IncomingMessage, res: ServerResponse, url: URL, deps: MessagesDeps): Promise<void> {
  const [, model, method] = GEMINI_PATH.exec(url.pathname.replace(/\/+$/, ''))!;
  const body = (await readJson(req)) as GeminiBody;
  if (!body || typeof body !== 'object' || !Array.isArray(body.contents)) throw new HttpError(400, 'invalid_request_error', 'contents: Field required');
  const key = callerKey(req.headers) ?? url.searchParams.get('key');
  const path = url.pathname;
  if (method === 'countTokens') {
    deps.log.add({ method: 'POST', path, key, scriptKey: null, kind: 'other', turnIndex: null, headers: req.headers, body });
    sendJson(res, 200, { totalTokens: Math.ceil(JSON.stringify(body.contents).length / 4) });
    return;
  }
  const main = !deps.detectSideRequests || (body.tools ?? []).some((t) => (t.functionDeclarations ?? []).length > 0);
  const next = main ? deps.store.next(key ?? undefined) : { key: null, turn: sideReply(body), index: null, resetAt: undefined };
  const entry = deps.log.add({
    method: 'POST',
    path,
    key,
    scriptKey: next.key,
    kind: main ? 'main' : 'side',
    turnIndex: next.index,
    headers: req.headers,
    body,
  });
  const signal = trackOutcome(res, entry);
  const { turn } = next;
  if (turn.error) {
    // A one-call error has no window: its reset is retryAfterMs from now (default 1 s), as the script schema says.
    sendGeminiError(res, turn.error.status, turn.error.message, next.resetAt ?? Date.now() + (turn.error.retryAfterMs ?? 1000), turn.headers);
    return;
  }
  const resolved = resolveTurn(turn, model);
  if (method === 'generateContent') {
    if (resolved.delayMs > 0) await sleep(resolved.delayMs, undefined, { signal }).catch(() => undefined);
    if (!signal.aborted) sendJson(res, 200, geminiResponse(resolved), resolved.headers);
    return;
  }
  // streamGenerateContent: server-sent events with ?alt=sse (what the SDK asks for), else one JSON array.
  const chunks = geminiChunks(resolved);
  if (url.searchParams.get('alt') !== 'sse') {
    sendJson(res, 200, chunks, resolved.headers);
    return;
  }
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', ...resolved.headers });
  try {
    for (const c of chunks) {
      if (resolved.delayMs > 0) await sleep(resolved.delayMs, undefined, { signal });
      res.write(`data: ${JSON.stringify(c)}\r\n\r\n`);
    }
    res.end();
  } catch (err) {
    if (!signal.aborted) throw err;
    res.destroy();
  }
}
