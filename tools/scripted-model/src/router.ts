import type { IncomingMessage, ServerResponse } from 'node:http';
import { handleListRequests, handleScriptStatus, handleSetScript } from './handle-control.ts';
import { handleCountTokens, handleMessages, type MessagesDeps } from './handle-messages.ts';
import { GEMINI_PATH, handleGemini } from './handle-gemini.ts';
import { handleResponses } from './handle-responses.ts';
import { HttpError, sendError, sendJson } from './http-util.ts';

type Handler = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void> | void;

/** Routes by `METHOD path`; the query string never matters (Claude Code adds `?beta=true`). */
export function createRouter(deps: MessagesDeps, extra: Record<string, Handler> = {}) {
  const routes: Record<string, Handler> = {
    'GET /': (_req, res) => sendJson(res, 200, { ok: true, name: 'scripted-model' }),
    'HEAD /': (_req, res) => sendJson(res, 200, { ok: true, name: 'scripted-model' }),
    'POST /v1/messages': (req, res) => handleMessages(req, res, deps),
    'POST /v1/messages/count_tokens': (req, res) => handleCountTokens(req, res, deps.log),
    'POST /v1/responses': (req, res) => handleResponses(req, res, deps),
    'GET /v1/models': (_req, res) => sendJson(res, 200, { data: [], has_more: false, first_id: null, last_id: null }),
    'POST /_script': (req, res) => handleSetScript(req, res, deps.store),
    'GET /_script': (_req, res) => handleScriptStatus(res, deps.store),
    'GET /_requests': (_req, res, url) => handleListRequests(url, res, deps.log),
    'DELETE /_requests': (_req, res) => {
      deps.log.clear();
      sendJson(res, 200, { cleared: true });
    },
    ...extra,
  };

  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, '') : url.pathname;
    const handler =
      routes[`${req.method} ${path}`] ??
      (req.method === 'POST' && GEMINI_PATH.test(path) ? (rq: IncomingMessage, rs: ServerResponse, u: URL) => handleGemini(rq, rs, u, deps) : undefined);
    try {
      if (!handler) throw new HttpError(404, 'not_found_error', `no route for ${req.method} ${path}`);
      await handler(req, res, url);
    } catch (err) {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (err instanceof HttpError) sendError(res, err.status, err.type, err.message);
      else sendError(res, 500, 'api_error', 'internal error in scripted model');
    }
  };
}
