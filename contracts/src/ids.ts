import { z } from 'zod';

/** An id safe inside a NATS subject token and a WS channel segment. */
export const Id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1-64 of [A-Za-z0-9_-]');
export type Id = z.infer<typeof Id>;

export const IsoTime = z.string().datetime({ offset: true });

/** Opaque cursor for paginated lists and stream replay. */
export const Cursor = z.string().min(1).max(512);

export const Page = z.object({
  cursor: Cursor.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});
export type Page = z.infer<typeof Page>;

/** A page of results; nextCursor is absent on the last page. */
export const paged = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: Cursor.optional() });

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';
/** Random bytes drawn from the CSPRNG a few KiB at a time: one call per id cost more than the rest of newId. */
const pool = new Uint8Array(4096);
let used = pool.length;

/** Short random id with a readable prefix, e.g. `agt_k3j9x2`. */
export function newId(prefix: string, bytes = 10): string {
  if (bytes > pool.length) throw new RangeError(`newId: at most ${pool.length} bytes`);
  if (used + bytes > pool.length) {
    globalThis.crypto.getRandomValues(pool);
    used = 0;
  }
  let s = '';
  for (let i = used; i < used + bytes; i++) s += ALPHABET[pool[i] % 36];
  used += bytes;
  return `${prefix}_${s}`;
}
