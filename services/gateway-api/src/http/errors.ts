import type { NextFunction, Request, Response } from 'express';
import { AppError, HTTP_STATUS, toErrorBody } from '@flywheel/contracts';
import type { Logger } from '@flywheel/kit';

/** Seconds a client is asked to wait after a peer failed, unless the failure says (an open breaker does). */
const PEER_RETRY_AFTER_S = 1;

/** Body-parser and other framework errors carry a status and a type; map them to our vocabulary. */
function fromFramework(err: unknown): AppError | undefined {
  const e = err as { type?: string; status?: number; message?: string };
  if (e?.type === 'entity.parse.failed') return new AppError('BAD_REQUEST', 'malformed JSON body');
  if (e?.type === 'entity.too.large') return new AppError('PAYLOAD_TOO_LARGE', 'request body too large');
  if (e?.type === 'encoding.unsupported' || e?.type === 'charset.unsupported') return new AppError('BAD_REQUEST', e.message ?? 'unsupported encoding');
  if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500) return new AppError('BAD_REQUEST', e.message ?? 'bad request');
  return undefined;
}

const retryAfterOf = (e: AppError): number | undefined => {
  const given = (e.details as { retryAfterS?: unknown } | undefined)?.retryAfterS;
  return typeof given === 'number' ? given : undefined;
};

/**
 * A peer that timed out is, to a client, unavailable for now: 503 UNAVAILABLE with Retry-After like a
 * peer that is down or behind an open breaker (504 would blame the client's gateway hop).
 */
function atTheEdge(e: AppError): AppError {
  if (e.code === 'TIMEOUT') return new AppError('UNAVAILABLE', e.message, { reason: 'timeout', retryAfterS: PEER_RETRY_AFTER_S });
  if (e.code === 'UNAVAILABLE' && retryAfterOf(e) === undefined) {
    const details = typeof e.details === 'object' && e.details !== null ? e.details : {};
    return new AppError('UNAVAILABLE', e.message, { ...details, retryAfterS: PEER_RETRY_AFTER_S });
  }
  return e;
}

/** Writes `{error}` with the code's status, and Retry-After when the error says when to come back. */
export function sendError(res: Response, err: AppError | unknown, requestId: string): void {
  const app = err instanceof AppError ? atTheEdge(err) : err;
  const body = toErrorBody(app, requestId);
  if (app instanceof AppError) {
    const after = retryAfterOf(app);
    if (after !== undefined) res.setHeader('retry-after', String(after));
  }
  res.status(HTTP_STATUS[body.code]).json({ error: body });
}

/** The one error middleware, last in the chain: every failure leaves as `{error: ErrorBody}`. */
export function errorHandler(logger: Logger) {
  return (err: unknown, req: Request, res: Response, _next: NextFunction): void => {
    const app = err instanceof AppError ? err : fromFramework(err);
    if (!app) logger.error({ err, requestId: req.requestId, path: req.path }, 'unhandled error');
    if (res.headersSent) return void res.end();
    sendError(res, app ?? err, req.requestId);
  };
}

export function notFound(req: Request, _res: Response, next: NextFunction): void {
  next(new AppError('NOT_FOUND', `no route for ${req.method} ${req.originalUrl.split('?')[0]}`));
}
