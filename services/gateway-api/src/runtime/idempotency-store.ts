import { createHash } from 'node:crypto';
import { z } from 'zod';
import { ErrorBody } from '@flywheel/contracts';
import { isWrongRevision, type KV } from '@flywheel/kit';

/** What a finished request answered: its reply, or the error (only answers that a retry would get again). */
export const StoredOutcome = z.union([z.object({ status: z.number().int(), body: z.unknown() }), z.object({ error: ErrorBody })]);
export type StoredOutcome = z.infer<typeof StoredOutcome>;

const Record = z.union([
  z.object({ state: z.literal('pending'), fp: z.string(), at: z.number() }),
  z.object({ state: z.literal('done'), fp: z.string(), at: z.number(), outcome: StoredOutcome }),
]);
type Record = z.infer<typeof Record>;

export type Claim =
  | { kind: 'new'; complete(outcome: StoredOutcome): Promise<void>; release(): Promise<void> }
  | { kind: 'replay'; outcome: StoredOutcome }
  | { kind: 'mismatch' }
  | { kind: 'busy' };

export interface IdempotencyStore {
  /** Claims `key` for a request with fingerprint `fp`, on behalf of `scope` (one caller). */
  claim(scope: string, key: string, fp: string): Promise<Claim>;
}

const encode = (r: Record) => JSON.stringify(r);

/**
 * Idempotency records in a KV bucket every gateway instance shares. A claim is an atomic create; a
 * pending claim older than `leaseMs` (its gateway died mid-request) may be taken over by compare-and-set.
 */
export function createIdempotencyStore(kv: KV, o: { leaseMs: number; now?: () => number }): IdempotencyStore {
  const now = o.now ?? Date.now;
  // Hashed: neither the caller nor their key appear in the bucket.
  const kvKey = (scope: string, key: string) => `r.${createHash('sha256').update(`${scope}\u0000${key}`).digest('hex')}`;

  function claimed(k: string, fp: string, revision: number): Claim {
    let rev = revision;
    return {
      kind: 'new',
      async complete(outcome) {
        rev = await kv.update(k, encode({ state: 'done', fp, at: now(), outcome }), rev);
      },
      release: () => kv.delete(k, { previousSeq: rev }),
    };
  }

  return {
    async claim(scope, key, fp) {
      const k = kvKey(scope, key);
      for (let attempt = 0; attempt < 3; attempt++) {
        try {
          return claimed(k, fp, await kv.create(k, encode({ state: 'pending', fp, at: now() })));
        } catch (err) {
          if (!isWrongRevision(err)) throw err;
        }
        const e = await kv.get(k);
        if (!e || e.operation !== 'PUT') continue;
        const r = Record.parse(e.json());
        if (r.fp !== fp) return { kind: 'mismatch' };
        if (r.state === 'done') return { kind: 'replay', outcome: r.outcome };
        if (now() - r.at < o.leaseMs) return { kind: 'busy' };
        try {
          return claimed(k, fp, await kv.update(k, encode({ state: 'pending', fp, at: now() }), e.revision));
        } catch (err) {
          if (!isWrongRevision(err)) throw err;
        }
      }
      return { kind: 'busy' };
    },
  };
}
