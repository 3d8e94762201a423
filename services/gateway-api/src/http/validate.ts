import type { Request } from 'express';
import type { z } from 'zod';
import { parseOrThrow } from '@flywheel/contracts';

/** Parses the body, query or params of a request with a contracts schema; BAD_REQUEST on failure. */
export const body = <S extends z.ZodType>(req: Request, schema: S): z.infer<S> => parseOrThrow(schema, req.body ?? {}, 'body');
export const query = <S extends z.ZodType>(req: Request, schema: S): z.infer<S> => parseOrThrow(schema, req.query, 'query');
export const params = <S extends z.ZodType>(req: Request, schema: S): z.infer<S> => parseOrThrow(schema, req.params, 'path');
