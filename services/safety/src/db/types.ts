import type { Db } from '@flywheel/kit';
import type * as schema from './schema.ts';

export type SafetyDb = Db<typeof schema>;

/** Drops null columns so rows become contract objects with optional fields. */
export function compact<T extends Record<string, unknown>>(row: T): { [K in keyof T]: Exclude<T[K], null> } {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) if (v !== null && v !== undefined) out[k] = v;
  return out as { [K in keyof T]: Exclude<T[K], null> };
}
