import type { Request } from 'express';
import { AppError } from '@flywheel/contracts';

/** The API key of a request (`Authorization: Bearer …`); UNAUTHORIZED when there is none. */
export function bearer(req: Request): string {
  const h = req.header('authorization');
  const key = h?.startsWith('Bearer ') ? h.slice(7).trim() : '';
  if (!key) throw new AppError('UNAUTHORIZED', 'an API key is required: Authorization: Bearer <key>');
  return key;
}
