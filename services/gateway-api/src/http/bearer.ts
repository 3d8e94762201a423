import type { Request } from 'express';
import { AppError } from '@flywheel/contracts';

/** The credential of a request (`Authorization: Bearer …`), or undefined when there is no such header. */
export function bearerOrUndefined(req: Request): string | undefined {
  const h = req.header('authorization');
  if (h === undefined) return undefined;
  const key = h.startsWith('Bearer ') ? h.slice(7).trim() : '';
  if (!key) throw new AppError('UNAUTHORIZED', 'malformed Authorization header: expected Bearer <key>');
  if (key.length > 512)
    throw new AppError('BAD_REQUEST', 'invalid credential: longer than 512 characters', { issues: [{ path: 'credential', message: 'too long' }] });
  return key;
}

/** The credential of a request; UNAUTHORIZED when there is none. */
export function bearer(req: Request): string {
  const key = bearerOrUndefined(req);
  if (!key) throw new AppError('UNAUTHORIZED', 'an API key is required: Authorization: Bearer <key>');
  return key;
}
