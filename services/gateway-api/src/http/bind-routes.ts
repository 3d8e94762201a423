import type { Request, RequestHandler, Response, Router } from 'express';
import { z } from 'zod';
import {
  AppError,
  parseOrThrow,
  roleAllows,
  type ParsedInput,
  type Principal,
  type RouteDescriptor,
  type RouteGroup,
  type RouteReply,
  type RouteTree,
} from '@flywheel/contracts';
import { principalOf } from './principal.ts';
import type { IdempotencyGate } from './idempotency.ts';
import type { RouteTrace } from './audit-hook.ts';

/** What a route handler gets beside its parsed input. */
export interface RouteContext {
  principal?: Principal;
  requestId: string;
  req: Request;
  res: Response;
}

/** A handler returns the reply (sent as JSON with the route's status) or, for non-JSON routes, writes `res` itself. */
export type RouteHandler<R extends RouteDescriptor> = (input: ParsedInput<R>, ctx: RouteContext) => Promise<RouteReply<R> | void> | RouteReply<R> | void;
export type GroupHandlers<G extends RouteGroup> = { [K in keyof G]: RouteHandler<G[K]> };
export type TreeHandlers<T extends RouteTree> = { [G in keyof T]: GroupHandlers<T[G]> };

export interface BindOptions {
  /** In-process credential check: the principal of a key or token, UNAUTHORIZED when bad. */
  verify(credential: string): Principal;
  /** Idempotency-Key handling around each handler call; none when absent. */
  idempotency?: IdempotencyGate;
}

/** Who acted comes from the key: these fields in a body are dropped before parsing, never believed. */
const IMPERSONATION_FIELDS = ['actor', 'decidedBy'];

function withoutImpersonation(body: unknown): unknown {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return body;
  const rest: Record<string, unknown> = { ...(body as Record<string, unknown>) };
  for (const f of IMPERSONATION_FIELDS) delete rest[f];
  return rest;
}

/** A body the JSON parser skipped (another content-type) would otherwise read as `{}` and pass for an empty request. */
function jsonBody(req: Request): unknown {
  const sent = req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
  if (req.body === undefined && sent) throw new AppError('BAD_REQUEST', `content-type must be application/json, got ${req.headers['content-type'] ?? 'none'}`);
  return req.body ?? {};
}

const hasContent = (b: unknown): boolean => b !== undefined && !(typeof b === 'object' && b !== null && !Array.isArray(b) && Object.keys(b).length === 0);

/**
 * Top-level objects reject fields they do not know (an `actor` in a body is refused, not ignored); a loose object
 * (z.looseObject: a foreign tool's payload, e.g. a Claude Code hook event) keeps its unknown fields.
 */
const strict = <S extends z.ZodType | undefined>(s: S): S => (s instanceof z.ZodObject && !s.def.catchall ? (s.strict() as unknown as S) : s);

function authorise(route: RouteDescriptor, principal: Principal | undefined): void {
  if (route.access === 'public') return;
  if (!principal) throw new AppError('UNAUTHORIZED', 'an API key is required: Authorization: Bearer <key>');
  if (principal.agentId && !route.agents) throw new AppError('FORBIDDEN', `an agent credential cannot call ${route.method} ${route.path}`);
  if (!roleAllows(principal.role, route.access))
    throw new AppError('FORBIDDEN', `${route.method} ${route.path} needs the ${route.access} role; this key is ${principal.role}`);
}

/** Parse, authorise, call, reply: the one way a route is served. The role check comes before any input is read. */
function serveRoute(route: RouteDescriptor, handler: RouteHandler<RouteDescriptor>, opts: BindOptions, action: string) {
  const schemas = { params: route.params, query: strict(route.query), body: strict(route.body) };
  return async (req: Request, res: Response): Promise<void> => {
    // For the audit (http/audit-hook.ts): which route, who, on what.
    const trace: RouteTrace = { route, action, params: { ...req.params } };
    res.locals.route = trace;
    // A public route is for anyone: a credential sent along (even a bad one) is not looked at.
    const principal = route.access === 'public' ? undefined : principalOf(req, opts.verify);
    trace.principal = principal;
    authorise(route, principal);
    // Express 5 parses the query string again on every read of req.query: read it once.
    const query = (req.query ?? {}) as Record<string, unknown>;
    if (!route.query && Object.keys(query).length) throw new AppError('BAD_REQUEST', `${route.method} ${route.path} takes no query parameters`);
    if (!route.body && hasContent(req.body)) throw new AppError('BAD_REQUEST', `${route.method} ${route.path} takes no body`);
    const input = {
      params: schemas.params ? parseOrThrow(schemas.params, req.params, 'path') : undefined,
      query: schemas.query ? parseOrThrow(schemas.query, query, 'query') : undefined,
      body: schemas.body ? parseOrThrow(schemas.body, withoutImpersonation(jsonBody(req)), 'body') : undefined,
    } as ParsedInput<RouteDescriptor>;
    const run = async () => handler(input, { principal, requestId: req.requestId, req, res });
    const replayed = () => void res.setHeader('idempotent-replayed', 'true');
    const reply = opts.idempotency ? await opts.idempotency(route, { input, principal, header: (h) => req.header(h), replayed }, run) : await run();
    trace.resultId = resultIdOf(reply);
    if (route.produces === 'application/json' && !res.headersSent) sendJson(route, res, reply);
  };
}

/**
 * The JSON reply. Outside GET it is written as is: Express's `res.json` would also hash the body into an ETag,
 * which only a GET's freshness check (304) reads — for every hook call, a SHA-1 for nothing.
 */
function sendJson(route: RouteDescriptor, res: Response, reply: unknown): void {
  const body = route.method === 'GET' ? undefined : JSON.stringify(reply);
  if (body === undefined) return void res.status(route.status).json(reply);
  res.statusCode = route.status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.end(body);
}

/** The id of what a route made or touched, from its reply (never anything else of it). */
const resultIdOf = (reply: unknown): string | undefined =>
  typeof reply === 'object' && reply !== null && typeof (reply as { id?: unknown }).id === 'string' ? (reply as { id: string }).id : undefined;

const METHODS = { GET: 'get', POST: 'post', PUT: 'put', PATCH: 'patch', DELETE: 'delete' } as const;

/** Every route of the tree with its handler and action name; a descriptor without a handler fails at boot. */
function* routesOf<T extends RouteTree>(tree: T, handlers: TreeHandlers<T>): Generator<[RouteDescriptor, RouteHandler<RouteDescriptor>, string]> {
  for (const [g, group] of Object.entries(tree)) {
    for (const [name, route] of Object.entries(group)) {
      const handler = (handlers as Record<string, Record<string, RouteHandler<RouteDescriptor>>>)[g]?.[name];
      if (!handler) throw new Error(`no handler for route ${g}.${name} (${route.method} ${route.path})`);
      yield [route, handler, `${g}.${name}`];
    }
  }
}

/** Mounts every route of the tree with its handler; a descriptor without a handler fails at boot. */
export function bindRoutes<T extends RouteTree>(router: Router, tree: T, handlers: TreeHandlers<T>, opts: BindOptions): void {
  for (const [route, handler, action] of routesOf(tree, handlers)) router[METHODS[route.method]](route.path, serveRoute(route, handler, opts, action));
}

/**
 * The literal segment that routes are filed under: `/api/v1/<first>` for the API, `/<first>` otherwise, lower-case
 * (Express matches paths case-insensitively). Every route of the contract starts with a literal segment there.
 */
const shelfOf = (path: string): string => {
  const p = path.toLowerCase();
  const end = p.indexOf('/', p.startsWith('/api/v1/') ? 8 : 1);
  return end === -1 ? p : p.slice(0, end);
};

/**
 * The tree's routes as one middleware. Express tries a router's routes one by one against the path (about 150
 * regular expressions before the last ones match); here the routes are filed by their first literal segment,
 * each shelf an Express Router of its own with the routes in their order, so a request meets only the dozen
 * that can match it. Same patterns, same order within a shelf, same `req.route` and params: routes on different
 * shelves start with different literals and never matched the same path.
 */
export function routeTable<T extends RouteTree>(tree: T, handlers: TreeHandlers<T>, opts: BindOptions, newRouter: () => Router): RequestHandler {
  const shelves = new Map<string, Router>();
  for (const [route, handler, action] of routesOf(tree, handlers)) {
    const key = shelfOf(route.path);
    if (key.includes(':') || key.includes('*')) throw new Error(`route ${action} (${route.path}) does not start with a literal segment`);
    let shelf = shelves.get(key);
    if (!shelf) shelves.set(key, (shelf = newRouter()));
    shelf[METHODS[route.method]](route.path, serveRoute(route, handler, opts, action));
  }
  const table: RequestHandler = (req, res, next) => {
    const shelf = shelves.get(shelfOf(req.path));
    if (shelf) shelf(req, res, next);
    else next();
  };
  // Every shelf's layers, as a Router shows its own (for whoever lists what an app mounts).
  return Object.defineProperty(table, 'stack', { get: () => [...shelves.values()].flatMap((r) => (r as unknown as { stack: unknown[] }).stack) });
}
