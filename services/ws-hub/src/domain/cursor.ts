import { AppError, CHANNEL_FAMILIES } from '@flywheel/contracts';

/**
 * A cursor is a vector: for each channel family (by its index in CHANNEL_FAMILIES, append-only),
 * the last stream sequence of that family's JetStream stream the holder has seen. Stream sequences
 * are shared by every hub instance, so a cursor means the same thing on any instance and after a
 * restart. Encoded as `v1.<idx>-<seq36>.<idx>-<seq36>...` with zero components left out.
 */
export type Vec = number[];

export const FAMILY_COUNT = CHANNEL_FAMILIES.length;
const PREFIX = 'v1';

export const zeroVec = (): Vec => new Array<number>(FAMILY_COUNT).fill(0);

export function encodeCursor(v: Vec): string {
  let out = PREFIX;
  for (let i = 0; i < v.length; i++) if (v[i] > 0) out += `.${i.toString(36)}-${v[i].toString(36)}`;
  return out;
}

/** Parses a cursor; BAD_REQUEST when it is not one of ours. */
export function decodeCursor(cursor: string): Vec {
  const parts = cursor.split('.');
  if (parts[0] !== PREFIX) throw new AppError('BAD_REQUEST', 'malformed cursor');
  const v = zeroVec();
  for (const p of parts.slice(1)) {
    const m = /^([0-9a-z]{1,2})-([0-9a-z]{1,11})$/.exec(p);
    const idx = m ? parseInt(m[1], 36) : -1;
    if (!m || idx >= FAMILY_COUNT) throw new AppError('BAD_REQUEST', 'malformed cursor');
    v[idx] = parseInt(m[2], 36);
  }
  return v;
}

/** Componentwise max, into `into`. */
export function maxInto(into: Vec, other: Vec): Vec {
  for (let i = 0; i < into.length; i++) if (other[i] > into[i]) into[i] = other[i];
  return into;
}
