import { createHash } from 'node:crypto';
import { AppError, HTTP_STATUS, takesIdempotencyKey, type Principal, type RouteDescriptor } from '@flywheel/contracts';
import type { Logger } from '@flywheel/kit';
import type { IdempotencyStore } from '../runtime/idempotency-store.ts';

/** Wraps a route's handler call: runs it once per Idempotency-Key and caller, replays the stored answer after. */
export type IdempotencyGate = (
  route: RouteDescriptor,
  o: { input: unknown; principal?: Principal; header(name: string): string | undefined; replayed(): void },
  run: () => Promise<unknown>,
) => Promise<unknown>;

const KEY = /^[\x21-\x7e]{1,255}$/;

/** JSON with sorted object keys, so the same request in another key order has the same fingerprint. */
function stable(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stable).join(',')}]`;
  if (v && typeof v === 'object')
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stable((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(v) ?? 'null';
}

const fingerprint = (route: RouteDescriptor, input: unknown) =>
  createHash('sha256')
    .update(`${route.method} ${route.path}\n${stable(input)}`)
    .digest('hex');

/** Per caller: the key id (an agent's credential is its own caller), else the account. */
const scopeOf = (p: Principal) => `${p.accountId}/${p.keyId ?? p.agentId ?? p.role}`;

/**
 * `Idempotency-Key` on POST/PATCH: the first request runs and its answer is stored (a reply, or an error a
 * retry would get again); the same key with the same request gets that answer with `Idempotent-Replayed:
 * true`, with another request 422 UNPROCESSABLE, while the first is still running 409 CONFLICT. An
 * answer that says nothing about the outcome (UNAVAILABLE, INTERNAL) frees the key for a retry.
 */
export function idempotencyGate(store: IdempotencyStore, logger: Logger): IdempotencyGate {
  const log = logger.child({ mod: 'idempotency' });
  // The answer goes out even when it cannot be stored; the claim then lapses after its lease.
  const settle = (p: Promise<void>) => p.catch((err: Error) => log.warn({ err: err.message }, 'could not store an idempotent answer'));
  return async (route, o, run) => {
    const key = o.header('idempotency-key');
    if (key === undefined || !o.principal) return run();
    if (!takesIdempotencyKey(route)) {
      const why = route.secretReply ? ': its reply holds a secret, which is never stored' : '';
      throw new AppError('BAD_REQUEST', `${route.method} ${route.path} takes no Idempotency-Key${why}`);
    }
    if (!KEY.test(key))
      throw new AppError('BAD_REQUEST', 'Idempotency-Key must be 1 to 255 printable ASCII characters', {
        issues: [{ path: 'Idempotency-Key', message: 'invalid' }],
      });
    const claim = await store.claim(scopeOf(o.principal), key, fingerprint(route, o.input));
    if (claim.kind === 'busy') throw new AppError('CONFLICT', 'a request with this Idempotency-Key is still in progress', { retryAfterS: 1 });
    if (claim.kind === 'mismatch') throw new AppError('UNPROCESSABLE', 'this Idempotency-Key was used with a different request');
    if (claim.kind === 'replay') {
      o.replayed();
      if ('error' in claim.outcome) throw AppError.from(claim.outcome.error);
      return claim.outcome.body;
    }
    try {
      const body = await run();
      await settle(claim.complete({ status: route.status, body }));
      return body;
    } catch (err) {
      const final = err instanceof AppError && HTTP_STATUS[err.code] < 500;
      await settle(final ? claim.complete({ error: err.toBody() }) : claim.release());
      throw err;
    }
  };
}
