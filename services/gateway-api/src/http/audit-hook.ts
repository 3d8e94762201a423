import type { NextFunction, Request, Response } from 'express';
import { AppError, newId, type AuditRecord, type ErrorCode, type Principal, type RouteDescriptor } from '@flywheel/contracts';
import { auditEventOf, auditRecordOf } from '../domain/audit-record.ts';

/** What the binder leaves on `res.locals.route` for the audit: the route, its action name, who called, its params. */
export interface RouteTrace {
  route: RouteDescriptor;
  action: string;
  principal?: Principal;
  params: Record<string, unknown>;
  resultId?: string;
}

const FRAMEWORK_CODES: Record<number, ErrorCode> = { 400: 'BAD_REQUEST', 413: 'PAYLOAD_TOO_LARGE' };

/** Notes the error code of a failed request for the audit (the one error handler writes the reply). */
export function noteErrorCode(err: unknown, _req: Request, res: Response, next: NextFunction): void {
  res.locals.errorCode = err instanceof AppError ? err.code : FRAMEWORK_CODES[(err as { status?: number })?.status ?? 0];
  next(err);
}

const API_PATH = /^\/api\//i;

const STATUS_CODES: Record<number, ErrorCode> = { 401: 'UNAUTHORIZED', 403: 'FORBIDDEN', 404: 'NOT_FOUND', 429: 'RATE_LIMITED' };
const codeFor = (status: number): ErrorCode | undefined => STATUS_CODES[status];

/** When a response is sent: the audit record of the request, if it is one the audit keeps. */
export function auditHook(sink: (r: AuditRecord) => void) {
  return (req: Request, res: Response, next: NextFunction): void => {
    res.on('finish', () => {
      const trace = res.locals.route as RouteTrace | undefined;
      // An unmatched request is audited when it is for the API, in any letter case (Express matches `/API/...` too).
      if (!trace && !API_PATH.test(req.originalUrl)) return;
      const status = res.statusCode;
      // Most requests are reads that were allowed: nothing to record, so nothing to build.
      if (!auditEventOf(req.method, trace?.action ?? 'unmatched', status)) return;
      const record = auditRecordOf({
        id: newId('aud', 12),
        ts: new Date().toISOString(),
        method: req.method,
        route: trace?.route.path ?? `${req.baseUrl}${req.path}`,
        action: trace?.action ?? 'unmatched',
        params: trace?.params ?? {},
        body: req.body,
        resultId: trace?.resultId,
        status,
        errorCode: status >= 400 ? ((res.locals.errorCode as ErrorCode | undefined) ?? codeFor(status)) : undefined,
        principal: trace?.principal,
        ip: req.ip ?? req.socket.remoteAddress,
        requestId: req.requestId,
      });
      if (record) sink(record);
    });
    next();
  };
}
