import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

declare module 'express-serve-static-core' {
  interface Request {
    requestId: string;
  }
}

const SAFE = /^[A-Za-z0-9._:-]{1,100}$/;

/** Takes a caller's x-request-id when it is sane, otherwise makes one; echoes it back. */
export function requestId(req: Request, res: Response, next: NextFunction): void {
  const given = req.header('x-request-id');
  req.requestId = given && SAFE.test(given) ? given : randomUUID();
  res.setHeader('x-request-id', req.requestId);
  next();
}
