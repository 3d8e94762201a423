import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Logger } from '@flywheel/kit';

declare module 'express-serve-static-core' {
  interface Request {
    /** The service's logger bound to this request's id, for anything logged about it. */
    log: Logger;
  }
}

/** The matched route pattern (bounded, no ids), or undefined for static files and 404s. */
export const routeOf = (req: Request): string | undefined => (req.route?.path ? `${req.baseUrl}${req.route.path}` : undefined);

const QUIET = new Set(['/health', '/api/v1/openapi.json']);

/**
 * One line per request, with the request id as on every line logged for it (`req.log`). Deliberately
 * no URL, headers, cookies or bodies: a key, a ws token or a secret reply never reaches a log.
 */
function line(req: Request, res: ServerResponse, durationMs: number) {
  const p = req.principal;
  return {
    requestId: req.requestId,
    method: req.method,
    route: routeOf(req) ?? null,
    status: res.statusCode,
    durationMs,
    ...(p ? { account: p.accountId, keyId: p.keyId, ...(p.agentId ? { agentId: p.agentId } : {}) } : {}),
    ...(res.writableFinished ? {} : { aborted: true }),
  };
}

const levelOf = (req: Request, res: ServerResponse): 'error' | 'info' | 'debug' => {
  if (res.statusCode >= 500) return 'error';
  if (QUIET.has(req.path) || (!routeOf(req) && res.statusCode < 400)) return 'debug';
  return 'info';
};

const START = Symbol('access log start');
type Timed = ServerResponse & { [START]?: number; req: IncomingMessage };

/**
 * The access log on the service's own (pino) logger: one line when a reply is finished or its connection
 * closes first (`aborted`). It was pino-http, which binds two child loggers to every request (one with the
 * id, one with the whole request, serialised through its serializers) whether or not anything is logged;
 * here nothing is made per request but the line, and `req.log` (a child with the request id) is made only
 * when something logs for the request.
 */
export function accessLog(logger: Logger): RequestHandler {
  const log = logger.child({ mod: 'http' });
  const done = function (this: Timed) {
    this.removeListener('finish', done);
    this.removeListener('close', done);
    const req = this.req as Request;
    const level = levelOf(req, this);
    if (!log.isLevelEnabled(level)) return;
    const durationMs = Date.now() - (this[START] ?? Date.now());
    if (level === 'error') log.error(line(req, this, durationMs), 'request failed');
    else log[level](line(req, this, durationMs), 'request');
  };
  return (req: Request, res: Response, next: NextFunction): void => {
    (res as unknown as Timed)[START] = Date.now();
    res.on('finish', done);
    res.on('close', done);
    next();
  };
}

/** `req.log` on every request of `app`: a child of `logger` bound to the request id, made on first use. */
export function requestLogger(appRequest: object, logger: Logger): void {
  const LOG = Symbol('request logger');
  Object.defineProperty(appRequest, 'log', {
    configurable: true,
    get(this: Request & { [LOG]?: Logger }) {
      return (this[LOG] ??= logger.child({ mod: 'http', requestId: this.requestId }));
    },
  });
}
