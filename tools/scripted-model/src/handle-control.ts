import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { HttpError, readJson, sendJson } from './http-util.ts';
import type { RequestLog } from './request-log.ts';
import { SetScriptBody } from './script-schema.ts';
import type { ScriptStore } from './script-store.ts';

/** `POST /_script {key?, turns, defaultReply?}`: loads or replaces a script and rewinds it. */
export async function handleSetScript(req: IncomingMessage, res: ServerResponse, store: ScriptStore): Promise<void> {
  const parsed = SetScriptBody.safeParse(await readJson(req));
  if (!parsed.success) throw new HttpError(400, 'invalid_request_error', z.prettifyError(parsed.error));
  const { key, turns, defaultReply } = parsed.data;
  store.set(key, turns, defaultReply);
  sendJson(res, 200, { key, ...store.status()[key] });
}

/** `GET /_script`: every script with its cursor. */
export function handleScriptStatus(res: ServerResponse, store: ScriptStore): void {
  sendJson(res, 200, { scripts: store.status() });
}

/** `GET /_requests?key=&kind=`: the recorded requests, oldest first. */
export function handleListRequests(url: URL, res: ServerResponse, log: RequestLog): void {
  const key = url.searchParams.get('key');
  const kind = url.searchParams.get('kind');
  const requests = log.list().filter((r) => (key === null || r.key === key) && (kind === null || r.kind === kind));
  sendJson(res, 200, { requests });
}
