import type { Request, RequestHandler } from 'express';
import { rateLimit, type ClientRateLimitInfo, type IncrementResponse, type RateLimitInfo, type Store } from 'express-rate-limit';
import { AppError, type Principal } from '@flywheel/contracts';
import type { CounterHit, KvCounter, Logger } from '@flywheel/kit';
import { principalOrUndefined } from './principal.ts';

const toInfo = (h: CounterHit): IncrementResponse => ({ totalHits: h.total, resetTime: new Date(h.resetAt) });

/** express-rate-limit's Store over the shared KV counter: every gateway instance counts into the same windows. */
export class KvRateLimitStore implements Store {
  readonly localKeys = false;
  constructor(
    readonly prefix: string,
    private readonly counter: KvCounter,
    private readonly limit: number,
  ) {}

  increment(key: string): IncrementResponse | Promise<IncrementResponse> {
    const hit = this.counter.hit(`${this.prefix}:${key}`, this.limit);
    return hit instanceof Promise ? hit.then(toInfo) : toInfo(hit);
  }

  get(key: string): ClientRateLimitInfo {
    return toInfo(this.counter.peek(`${this.prefix}:${key}`));
  }

  decrement(key: string): void {
    this.counter.unhit(`${this.prefix}:${key}`);
  }

  resetKey(key: string): Promise<void> {
    return this.counter.reset(`${this.prefix}:${key}`);
  }
}

export interface RateLimitDeps {
  counter: KvCounter;
  perKey: number;
  perIp: number;
  windowMs: number;
  verify(credential: string): Principal;
  logger: Logger;
}

/**
 * The API and metrics are limited; /health, the OpenAPI document, /api/docs and the dashboard files are not.
 * Lower-cased first: Express matches routes case-insensitively, so `/API/v1/...` reaches the same handler and
 * must count the same.
 */
const limited = (rawPath: string): boolean => {
  const path = rawPath.toLowerCase();
  return (path.startsWith('/api/') && path !== '/api/v1/openapi.json' && !path.startsWith('/api/docs')) || path === '/metrics' || path.startsWith('/metrics/');
};

/** The counter a key counts against: its key id (agent credentials and ws tokens have one too). */
const keyOf = (p: Principal): string => p.keyId ?? `account:${p.accountId}`;

function refuse(what: 'key' | 'ip', windowMs: number) {
  return (req: Request, _res: unknown, next: (err: AppError) => void): void => {
    const info = (req as Request & { rateLimit: RateLimitInfo }).rateLimit;
    const retryAfterS = Math.max(1, Math.ceil(((info.resetTime?.getTime() ?? Date.now() + windowMs) - Date.now()) / 1000));
    const who = what === 'key' ? 'this key' : 'this address';
    next(
      new AppError('RATE_LIMITED', `more than ${info.limit} requests in ${windowMs / 1000} s from ${who}; retry after ${retryAfterS} s`, {
        limit: what,
        retryAfterS,
      }),
    );
  };
}

/**
 * Per-address then per-key limits (RateLimit/RateLimit-Policy headers, draft 8, one policy each), refusing
 * with 429 RATE_LIMITED and Retry-After in the error envelope. A limit of 0 is off.
 */
export function rateLimits(d: RateLimitDeps): RequestHandler[] {
  const log = d.logger.child({ mod: 'rate-limit' });
  const common = { windowMs: d.windowMs, standardHeaders: 'draft-8' as const, legacyHeaders: false, passOnStoreError: true, logger: log };
  const out: RequestHandler[] = [];
  if (d.perIp > 0) {
    out.push(
      rateLimit({
        ...common,
        limit: d.perIp,
        identifier: 'ip',
        store: new KvRateLimitStore('ip', d.counter, d.perIp),
        skip: (req) => !limited(req.path),
        handler: refuse('ip', d.windowMs),
      }),
    );
  }
  if (d.perKey > 0) {
    const principal = (req: Request) => principalOrUndefined(req, d.verify);
    out.push(
      rateLimit({
        ...common,
        limit: d.perKey,
        identifier: 'key',
        store: new KvRateLimitStore('key', d.counter, d.perKey),
        skip: (req) => !limited(req.path) || !principal(req),
        keyGenerator: (req) => keyOf(principal(req)!),
        handler: refuse('key', d.windowMs),
      }),
    );
  }
  return out;
}
