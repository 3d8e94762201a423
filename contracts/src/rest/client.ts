import type { z } from 'zod';
import { ErrorBody } from '../errors.ts';
import { fillPath, type RouteDescriptor, type RouteInput, type RouteReply, type RouteTree } from './route.ts';

/** An error reply of the API: the HTTP status and the one error body. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ErrorBody,
  ) {
    super(body.message);
    this.name = 'ApiError';
  }
}

export interface ApiClientOptions {
  /** Origin of the gateway, e.g. `http://127.0.0.1:3000`; empty for the page's own origin. */
  baseUrl?: string;
  /** The API key (or undefined), asked before every call. */
  credential?: () => string | undefined;
  fetch?: typeof fetch;
  /** Extra headers on every call (e.g. Idempotency-Key is per call: pass it in `init`). */
  headers?: () => Record<string, string>;
}

type Caller<R extends RouteDescriptor> = (input: RouteInput<R>, init?: { headers?: Record<string, string>; signal?: AbortSignal }) => Promise<RouteReply<R>>;
export type ApiClient<T extends RouteTree> = { [G in keyof T]: { [K in keyof T[G]]: Caller<T[G][K]> } };

function queryString(q: Record<string, unknown> | undefined): string {
  if (!q) return '';
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) {
    if (v === undefined || v === null) continue;
    sp.set(k, Array.isArray(v) ? v.join(',') : String(v));
  }
  const s = sp.toString();
  return s ? `?${s}` : '';
}

/** Builds the request of one route: URL, method, headers and body. */
export function routeRequest(route: RouteDescriptor, input: { params?: unknown; query?: unknown; body?: unknown }, opts: ApiClientOptions = {}) {
  const url = `${opts.baseUrl ?? ''}${fillPath(route.path, input.params as Record<string, unknown>)}${queryString(input.query as Record<string, unknown>)}`;
  const headers: Record<string, string> = { accept: route.produces, ...(opts.headers?.() ?? {}) };
  const key = opts.credential?.();
  if (key) headers.authorization = `Bearer ${key}`;
  let body: string | undefined;
  if (route.body) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(input.body ?? {});
  }
  return { url, init: { method: route.method, headers, body } };
}

async function call<R extends RouteDescriptor>(route: R, input: RouteInput<R>, opts: ApiClientOptions, extra?: Parameters<Caller<R>>[1]) {
  const req = routeRequest(route, input as Record<string, unknown>, opts);
  const res = await (opts.fetch ?? fetch)(req.url, { ...req.init, headers: { ...req.init.headers, ...(extra?.headers ?? {}) }, signal: extra?.signal });
  if (!res.ok) {
    const json: unknown = await res.json().catch(() => undefined);
    const parsed = ErrorBody.safeParse((json as { error?: unknown })?.error);
    throw new ApiError(res.status, parsed.success ? parsed.data : { code: 'INTERNAL', message: `HTTP ${res.status}` });
  }
  const data: unknown = route.produces === 'application/json' ? await res.json() : await res.text();
  return (route.reply as z.ZodType).parse(data) as RouteReply<R>;
}

/** A typed client of every route in a tree: `api.agents.get({params:{id}})` → the parsed AgentInfo. */
export function createApiClient<T extends RouteTree>(tree: T, opts: ApiClientOptions = {}): ApiClient<T> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const [g, group] of Object.entries(tree)) {
    out[g] = Object.fromEntries(
      Object.entries(group).map(([k, route]) => [k, (input: never, extra?: never) => call(route, input ?? ({} as never), opts, extra)]),
    );
  }
  return out as ApiClient<T>;
}
