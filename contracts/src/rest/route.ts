import type { z } from 'zod';
import type { ErrorCode } from '../errors.ts';
import type { Role } from '../auth.ts';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Who may call a route: anyone (`public`), or a key of at least this role. */
export type Access = 'public' | Role;

/** viewer < operator < admin: a role may call every route that needs it or a lesser one. */
export const ROLE_RANK: Record<Role, number> = { viewer: 1, operator: 2, admin: 3 };

export const roleAllows = (have: Role, need: Role): boolean => ROLE_RANK[have] >= ROLE_RANK[need];

/**
 * One HTTP operation of the API, shared by the gateway (which mounts it), the typed client (which calls it)
 * and the OpenAPI document (which describes it). Paths use Express syntax (`/api/v1/agents/:id`).
 */
export interface RouteDescriptor<
  P extends z.ZodType | undefined = z.ZodType | undefined,
  Q extends z.ZodType | undefined = z.ZodType | undefined,
  B extends z.ZodType | undefined = z.ZodType | undefined,
  R extends z.ZodType = z.ZodType,
> {
  readonly kind: 'route';
  readonly method: HttpMethod;
  readonly path: string;
  readonly summary: string;
  readonly tag: string;
  readonly access: Access;
  /** Agent credentials may call it, acting as their agent only; by default they may not. */
  readonly agents: boolean;
  readonly params: P;
  readonly query: Q;
  readonly body: B;
  readonly reply: R;
  /** Status of a successful reply. */
  readonly status: 200 | 201 | 202;
  /** Domain errors this route may answer, beside the ones every route may (see routeErrors). */
  readonly errors: readonly ErrorCode[];
  /** Media type of a successful reply; anything but JSON is written by the handler itself. */
  readonly produces: 'application/json' | 'text/csv' | 'text/plain' | 'text/event-stream';
  /** The reply carries a secret (a new key, a token): never stored, so it takes no Idempotency-Key. */
  readonly secretReply: boolean;
}

type Def<P, Q, B, R> = {
  method: HttpMethod;
  path: string;
  summary: string;
  access: Access;
  agents?: boolean;
  params?: P;
  query?: Q;
  body?: B;
  reply: R;
  status?: 200 | 201 | 202;
  errors?: readonly ErrorCode[];
  produces?: RouteDescriptor['produces'];
  secretReply?: boolean;
};

/** Declares routes of one tag (an OpenAPI group and a gateway handler module). */
export const routesOf =
  (tag: string) =>
  <
    P extends z.ZodType | undefined = undefined,
    Q extends z.ZodType | undefined = undefined,
    B extends z.ZodType | undefined = undefined,
    R extends z.ZodType = z.ZodType,
  >(
    d: Def<P, Q, B, R>,
  ): RouteDescriptor<P, Q, B, R> => ({
    kind: 'route',
    tag,
    status: 200,
    errors: [],
    agents: false,
    produces: 'application/json',
    secretReply: false,
    ...d,
    params: d.params as P,
    query: d.query as Q,
    body: d.body as B,
  });

/** A group of routes by name, e.g. `{ spawn, list, get }`; the API is a record of groups. */
export type RouteGroup = Readonly<Record<string, RouteDescriptor>>;
export type RouteTree = Readonly<Record<string, RouteGroup>>;

type In<S> = S extends z.ZodType ? z.input<S> : never;
type Opt<K extends string, S> = S extends z.ZodType ? (undefined extends z.input<S> ? { [k in K]?: In<S> } : { [k in K]: In<S> }) : { [k in K]?: never };

/** What a caller passes: `{params, query, body}` as their schemas accept them. */
export type RouteInput<R extends RouteDescriptor> = Opt<'params', R['params']> & Opt<'query', R['query']> & Opt<'body', R['body']>;

type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

/** What a handler receives: the parsed `{params, query, body}`. */
export interface ParsedInput<R extends RouteDescriptor> {
  params: Out<R['params']>;
  query: Out<R['query']>;
  body: Out<R['body']>;
}

export type RouteReply<R extends RouteDescriptor> = z.output<R['reply']>;

/** POST and PATCH take an `Idempotency-Key` (replayed per caller), unless their reply holds a secret. */
export const takesIdempotencyKey = (r: RouteDescriptor): boolean => (r.method === 'POST' || r.method === 'PATCH') && !r.secretReply;

/**
 * Every error an operation may answer: its own, plus auth, validation, idempotency and availability (a peer's
 * timeout is answered as UNAVAILABLE with Retry-After at the edge).
 */
export function routeErrors(r: RouteDescriptor): ErrorCode[] {
  const common: ErrorCode[] = ['RATE_LIMITED', 'UNAVAILABLE', 'INTERNAL'];
  const auth: ErrorCode[] = r.access === 'public' ? [] : ['UNAUTHORIZED', 'FORBIDDEN'];
  const input: ErrorCode[] = r.params || r.query || r.body || takesIdempotencyKey(r) ? ['BAD_REQUEST'] : [];
  const body: ErrorCode[] = r.body ? ['PAYLOAD_TOO_LARGE'] : [];
  const replay: ErrorCode[] = takesIdempotencyKey(r) ? ['CONFLICT', 'UNPROCESSABLE'] : [];
  return [...new Set<ErrorCode>([...input, ...body, ...auth, ...r.errors, ...replay, ...common])];
}

/** Every route of a tree, flat. */
export const allRoutes = (tree: RouteTree): RouteDescriptor[] => Object.values(tree).flatMap((g) => Object.values(g));

/** `/api/v1/agents/:id` + {id:'a b'} → `/api/v1/agents/a%20b`. */
export function fillPath(path: string, params: Record<string, unknown> = {}): string {
  return path.replace(/:([A-Za-z0-9_]+)/g, (_, name: string) => {
    const v = params[name];
    if (v === undefined || v === null || v === '') throw new Error(`path ${path} needs ${name}`);
    return encodeURIComponent(String(v));
  });
}

/** The names of a path's parameters in order. */
export const pathParams = (path: string): string[] => [...path.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1]);
