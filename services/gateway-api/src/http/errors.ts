import type { NextFunction, Request, Response } from 'express';
import { AppError, HTTP_STATUS, toErrorBody } from '@flywheel/contracts';
import type { Logger } from '@flywheel/kit';

/** Body-parser and other framework errors carry a status and a type; map them to our vocabulary. */
function fromFramework(err: unknown): AppError | undefined {
  const e = err as { type?: string; status?: number; message?: string };
  if (e?.type === 'entity.parse.failed') return new AppError('BAD_REQUEST', 'malformed JSON body');
  if (e?.type === 'entity.too.large') return new AppError('PAYLOAD_TOO_LARGE', 'request body too large');
  if (e?.type === 'encoding.unsupported' || e?.type === 'charset.unsupported') return new AppError('BAD_REQUEST', e.message ?? 'unsupported encoding');
  if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500) return new AppError('BAD_REQUEST', e.message ?? 'bad request');
  return undefined;
}

/** The one error middleware, last in the chain: every failure leaves as `{error: ErrorBody}`. */
export function errorHandler(logger: Logger) {
  return (err: unknown, req: Request, res: Response, _next: NextFunction): void => {
    const app = err instanceof AppError ? err : fromFramework(err);
    if (!app) logger.error({ err, requestId: req.requestId, path: req.path }, 'unhandled error');
    const body = toErrorBody(app ?? err, req.requestId);
    if (res.headersSent) return void res.end();
    res.status(HTTP_STATUS[body.code]).json({ error: body });
  };
}

export function notFound(req: Request, _res: Response, next: NextFunction): void {
  next(new AppError('NOT_FOUND', `no route for ${req.method} ${req.originalUrl.split("?")[0]}`));
}
