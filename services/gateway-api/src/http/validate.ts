import type { Request } from 'express';
import type { z } from 'zod';
import { AppError, parseOrThrow } from '@flywheel/contracts';

/** A body the JSON parser skipped (another content-type) would otherwise read as `{}` and pass for an empty request. */
function jsonBody(req: Request): unknown {
  const sent = req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
  if (req.body === undefined && sent) {
    throw new AppError('BAD_REQUEST', `content-type must be application/json, got ${req.headers['content-type'] ?? 'none'}`);
  }
  return req.body ?? {};
}

/** Parses the body, query or params of a request with a contracts schema; BAD_REQUEST on failure. */
export const body = <S extends z.ZodType>(req: Request, schema: S): z.infer<S> => parseOrThrow(schema, jsonBody(req), 'body');
export const query = <S extends z.ZodType>(req: Request, schema: S): z.infer<S> => parseOrThrow(schema, req.query, 'query');
export const params = <S extends z.ZodType>(req: Request, schema: S): z.infer<S> => parseOrThrow(schema, req.params, 'path');
