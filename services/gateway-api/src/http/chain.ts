import type { NextFunction, Request, RequestHandler, Response } from 'express';

/**
 * Several middlewares as one: each runs when the one before calls next(), an error skips the rest (to the app's
 * error handlers, as Express would), a throw or a rejected promise is an error. Express runs each app-level
 * middleware as a layer of its router (a path match, a params pass and a few closures per layer and request);
 * the edge's handful that every request passes through cost one layer this way.
 */
export function chain(handlers: RequestHandler[]): RequestHandler {
  return (req: Request, res: Response, done: NextFunction): void => {
    let i = 0;
    const next = (err?: unknown): void => {
      if (err && err !== 'route') return done(err);
      if (i === handlers.length) return done();
      const h = handlers[i++];
      try {
        const r = h(req, res, next) as unknown;
        if (r instanceof Promise) r.catch((e: unknown) => next(e ?? new Error('rejected promise')));
      } catch (e) {
        next(e ?? new Error('thrown'));
      }
    };
    next();
  };
}
