import type { Role } from '@flywheel/contracts';
import { accessOf } from './keys.ts';

export interface HttpReply {
  status: number;
  /** The parsed JSON body; undefined when the body is empty or not JSON (then read `text`). */
  body: any;
  text: string;
}

export interface HttpOptions {
  /** Present a key of this role instead of the one the route needs. */
  as?: Role;
  /** The account of the key; `acct-a` unless given. */
  account?: string;
  /** Present exactly this key, or none (null). */
  key?: string | null;
  headers?: Record<string, string>;
}

export interface HttpDeps {
  url: () => string;
  key: (role: Role, accountId: string) => Promise<string>;
}

/** A REST call under /api/v1 presenting a key of the role its route needs (see accessOf), unless told otherwise. */
export async function httpCall(deps: HttpDeps, method: string, path: string, body?: unknown, o: HttpOptions = {}): Promise<HttpReply> {
  const role = o.as ?? accessOf(method, `/api/v1${path}`);
  const key = o.key !== undefined ? o.key : role === 'public' ? null : await deps.key(role, o.account ?? 'acct-a');
  const headers: Record<string, string> = { ...o.headers };
  if (key) headers.authorization = `Bearer ${key}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${deps.url()}/api/v1${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, body: json, text };
}
