import type { IncomingMessage } from 'node:http';
import { AppError } from '@flywheel/contracts';

/** The credential of an upgrade: `Authorization: Bearer …` or `?token=…`. */
export function credentialOf(req: IncomingMessage): string | undefined {
  const h = req.headers.authorization;
  if (h?.startsWith('Bearer ')) return h.slice(7).trim() || undefined;
  const t = new URL(req.url ?? '/', 'http://hub').searchParams.get('token');
  return t || undefined;
}

/** Optional `?client=` name that keeps ack positions apart for several dashboards on one key. */
export function clientNameOf(req: IncomingMessage): string {
  const c = new URL(req.url ?? '/', 'http://hub').searchParams.get('client') ?? '';
  return /^[A-Za-z0-9_-]{1,64}$/.test(c) ? c : 'default';
}

/** HTTP status for a refused upgrade. */
export const refusalStatus = (e: unknown): number => {
  if (!(e instanceof AppError)) return 503;
  if (e.code === 'UNAUTHORIZED' || e.code === 'BAD_REQUEST') return 401;
  if (e.code === 'FORBIDDEN') return 403;
  return 503;
};
