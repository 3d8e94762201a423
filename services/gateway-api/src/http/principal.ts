import type { Request } from 'express';
import type { Principal } from '@flywheel/contracts';
import { bearerOrUndefined } from './bearer.ts';

declare module 'express-serve-static-core' {
  interface Request {
    /** Who called, once resolved (the access log, rate limits and the binder share one check). */
    principal?: Principal;
  }
}

const RESOLVED = Symbol('principal resolved');
type Resolved = Request & { [RESOLVED]?: { principal?: Principal; error?: unknown } };

/**
 * The principal of a request's Bearer credential, undefined without one; throws UNAUTHORIZED for a bad one.
 * Checked once per request whoever asks first.
 */
export function principalOf(req: Request, verify: (credential: string) => Principal): Principal | undefined {
  const r = req as Resolved;
  if (!r[RESOLVED]) {
    try {
      const credential = bearerOrUndefined(req);
      r[RESOLVED] = { principal: credential ? verify(credential) : undefined };
      req.principal = r[RESOLVED].principal;
    } catch (error) {
      r[RESOLVED] = { error };
    }
  }
  if (r[RESOLVED].error) throw r[RESOLVED].error;
  return r[RESOLVED].principal;
}

/** The same, or undefined when the credential is bad (for those who only count or log). */
export function principalOrUndefined(req: Request, verify: (credential: string) => Principal): Principal | undefined {
  try {
    return principalOf(req, verify);
  } catch {
    return undefined;
  }
}
