import type { NextFunction, Request, Response } from 'express';
import { AppError } from '@flywheel/contracts';
import { sendError } from './errors.ts';

/**
 * Every request is answered within `ms`: past it, a request that has not started its reply gets 503
 * UNAVAILABLE with Retry-After, whatever it still waits for (its late result is dropped; an idempotent one
 * is still stored for the retry). A reply already streaming is left to finish.
 */
export function deadline(ms: number) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const timer = setTimeout(() => {
      if (res.headersSent) return;
      req.log?.warn({ deadlineMs: ms }, 'request deadline passed');
      sendError(res, new AppError('UNAVAILABLE', `no answer within ${ms} ms; try again`, { reason: 'deadline', retryAfterS: 1 }), req.requestId);
    }, ms);
    res.once('close', () => clearTimeout(timer));
    next();
  };
}
