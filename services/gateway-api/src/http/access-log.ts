import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Request, RequestHandler } from 'express';
import { pinoHttp } from 'pino-http';
import type { Logger } from '@flywheel/kit';

/** The matched route pattern (bounded, no ids), or undefined for static files and 404s. */
export const routeOf = (req: Request): string | undefined => (req.route?.path ? `${req.baseUrl}${req.route.path}` : undefined);

const QUIET = new Set(['/health', '/api/v1/openapi.json']);

/**
 * One line per request, with the request id as on every line logged for it (`req.log`). Deliberately
 * no URL, headers, cookies or bodies: a key, a ws token or a secret reply never reaches a log.
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

/** pino-http access log on the service's own logger. */
export function accessLog(logger: Logger): RequestHandler {
  return pinoHttp({
    logger: logger.child({ mod: 'http' }),
    genReqId: (req) => (req as Request).requestId,
    customAttributeKeys: { reqId: 'requestId', responseTime: 'durationMs' },
    quietReqLogger: true,
    quietResLogger: true,
    // pino-http also makes a child bound to the whole request (headers included) for each request; bind nothing.
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
