import type { NextFunction, Request, Response } from 'express';
import { verifyCredentialRpc, type Principal } from '@flywheel/contracts';
import { request, type NatsConnection } from '@flywheel/kit';
import { bearer } from './bearer.ts';

declare module 'express-serve-static-core' {
  interface Request {
    /** Set by `authenticate`: who is calling. */
    principal?: Principal;
  }
}

/**
 * Express middleware for route modules that need the caller: verifies `Authorization: Bearer <key>`
 * with svc.gateway-api.auth.verify and sets `req.principal`; 401 without a valid key. Not mounted
 * globally, so each route module opts in (`r.use(authenticate(deps.nc))`).
 */
export function authenticate(nc: NatsConnection) {
  return async (req: Request, _res: Response, next: NextFunction): Promise<void> => {
    req.principal = await request(nc, verifyCredentialRpc, { credential: bearer(req) }, { requestId: req.requestId });
    next();
  };
}

/**
 * On every /api/v1 request: a request that carries `Authorization: Bearer <key>` is verified (401 when
 * the key is bad) and gets `req.principal`; one without stays anonymous until edge auth is enforced.
 */
export function identify(nc: NatsConnection) {
  return async (req: Request, _res: Response, next: NextFunction): Promise<void> => {
    if (req.header('authorization')) req.principal = await request(nc, verifyCredentialRpc, { credential: bearer(req) }, { requestId: req.requestId });
    next();
  };
}

/** Admins see every account; everyone else only their own. */
export const canSeeAccount = (p: Principal, accountId: string): boolean => p.role === 'admin' || p.accountId === accountId;
