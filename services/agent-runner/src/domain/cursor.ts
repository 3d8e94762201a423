import { AppError } from '@flywheel/contracts';

/** Keyset cursor over (createdAt, id): opaque to clients, stable under inserts. */
export function encodeKeyCursor(createdAt: string, id: string): string {
  return Buffer.from(`${createdAt}|${id}`).toString('base64url');
}

export function decodeKeyCursor(cursor: string): { createdAt: string; id: string } {
  const [createdAt, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  if (!createdAt || !id) throw new AppError('BAD_REQUEST', 'malformed cursor');
  return { createdAt, id };
}

/** Event cursors are the per-agent seq of the last event seen, as a decimal string. */
export function decodeSeqCursor(cursor: string | undefined): number {
  if (cursor === undefined) return 0;
  if (!/^\d{1,15}$/.test(cursor)) throw new AppError('BAD_REQUEST', 'cursor must be an event seq');
  return Number(cursor);
}
