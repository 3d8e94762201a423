import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Request, RequestHandler } from 'express';
import { pinoHttp } from 'pino-http';
import type { Logger } from '@flywheel/kit';
import { securityHeaders } from './security-headers.ts';
import { deadline } from './deadline.ts';
import { rateLimits, type RateLimitDeps } from './rate-limit.ts';

export interface ProtectionDeps {
  logger: Logger;
  corsOrigins: string[];
  requestTimeoutMs: number;
  /** Shared rate limits; none when absent. */
  limits?: RateLimitDeps;
}

/** The matched route pattern (bounded, no ids), or undefined for static files and 404s. */
const routeOf = (req: Request): string | undefined => (req.route?.path ? `${req.baseUrl}${req.route.path}` : undefined);

const QUIET = new Set(['/health', '/api/v1/openapi.json']);

/**
 * The access line's fields (the request id comes from the request's logger). Deliberately no URL, headers,
 * cookies or bodies: a key, a ws token or a secret reply never reaches a log.
 */
function line(raw: IncomingMessage, res: ServerResponse, durationMs: number) {
  const req = raw as Request;
  const p = req.principal;
  return {
    method: req.method,
    route: routeOf(req) ?? null,
    status: res.statusCode,
    durationMs,
    ...(p ? { account: p.accountId, keyId: p.keyId, ...(p.agentId ? { agentId: p.agentId } : {}) } : {}),
    ...(res.writableFinished ? {} : { aborted: true }),
  };
}

/**
 * pino-http on the service's own logger, one line per request when it finishes or its connection closes
 * first. Kept cheap: the request's logger (`req.log`) is a child bound to the existing request id only
 * (`quietReqLogger`), and the child pino-http also binds to the request serialises nothing.
 */
function accessLog(logger: Logger): RequestHandler {
  return pinoHttp({
    logger: logger.child({ mod: 'http' }),
    genReqId: (req) => (req as Request).requestId,
    customAttributeKeys: { reqId: 'requestId', responseTime: 'durationMs' },
    quietReqLogger: true,
    quietResLogger: true,
    wrapSerializers: false,
    serializers: { req: () => undefined, res: () => undefined },
    customLogLevel: (req, res) => {
      if (res.statusCode >= 500) return 'error';
      if (QUIET.has((req as Request).path) || (!routeOf(req as Request) && res.statusCode < 400)) return 'debug';
      return 'info';
    },
    customSuccessMessage: () => 'request',
    customErrorMessage: () => 'request failed',
    customSuccessObject: (req, res, val: { durationMs: number }) => line(req, res, val.durationMs),
    customErrorObject: (req, res, _err, val: { durationMs: number }) => line(req, res, val.durationMs),
  }) as unknown as RequestHandler;
}

/** What runs before any route reads a body: access log, security headers, CORS, the deadline, rate limits. */
export function protection(d: ProtectionDeps): RequestHandler[] {
  return [accessLog(d.logger), ...securityHeaders(d.corsOrigins), deadline(d.requestTimeoutMs), ...(d.limits ? rateLimits(d.limits) : [])];
}
