import { createHash } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
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

/** Where each limiter leaves its count on the request (its own, so the headers of one are not the other's). */
const INFO = { ip: 'rateLimitIp', key: 'rateLimitKey' } as const;
const infoOf = (req: Request, what: 'key' | 'ip') => (req as unknown as Record<string, RateLimitInfo | undefined>)[INFO[what]];

/** express-rate-limit's draft-8 partition key of a counter key, kept: it is a SHA-256 per limiter per request. */
const partitionKeys = new Map<string, string>();
function partitionKey(key: string): string {
  let pk = partitionKeys.get(key);
  if (pk === undefined) {
    if (partitionKeys.size >= 10_000) partitionKeys.clear();
    pk = Buffer.from(createHash('sha256').update(key).digest('hex').slice(0, 12)).toString('base64');
    partitionKeys.set(key, pk);
  }
  return pk;
}

/** The RateLimit and RateLimit-Policy headers (IETF draft 8) exactly as express-rate-limit writes them. */
function draft8Headers(res: Response, info: RateLimitInfo, windowMs: number, name: string): void {
  if (res.headersSent) return;
  const resetS = info.resetTime ? Math.max(0, Math.ceil((info.resetTime.getTime() - Date.now()) / 1000)) : Math.ceil(windowMs / 1000);
  res.append('RateLimit', `"${name}"; r=${info.remaining}; t=${resetS}`);
  res.append('RateLimit-Policy', `"${name}"; q=${info.limit}; w=${Math.ceil(windowMs / 1000)}; pk=:${partitionKey(info.key)}:`);
}

/** A limiter that, once it let the request through, says how much is left in the headers. */
function withHeaders(limiter: RequestHandler, what: 'key' | 'ip', windowMs: number): RequestHandler {
  return (req, res, next) =>
    limiter(req, res, (err?: unknown) => {
      const info = infoOf(req, what);
      if (info && err === undefined) draft8Headers(res, info, windowMs, what);
      next(err);
    });
}

function refuse(what: 'key' | 'ip', windowMs: number) {
  return (req: Request, res: Response, next: (err: AppError) => void): void => {
    const info = infoOf(req, what)!;
    draft8Headers(res, info, windowMs, what);
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
  // The headers are written here (withHeaders), not by the library: the same, with the partition key hashed once per key.
  const common = { windowMs: d.windowMs, standardHeaders: false, legacyHeaders: false, passOnStoreError: true, logger: log };
  const out: RequestHandler[] = [];
  if (d.perIp > 0) {
    out.push(
      withHeaders(
        rateLimit({
          ...common,
          limit: d.perIp,
          identifier: 'ip',
          requestPropertyName: INFO.ip,
          store: new KvRateLimitStore('ip', d.counter, d.perIp),
          skip: (req) => !limited(req.path),
          handler: refuse('ip', d.windowMs),
        }),
        'ip',
        d.windowMs,
      ),
    );
  }
  if (d.perKey > 0) {
    const principal = (req: Request) => principalOrUndefined(req, d.verify);
    out.push(
      withHeaders(
        rateLimit({
          ...common,
          limit: d.perKey,
          identifier: 'key',
          requestPropertyName: INFO.key,
          store: new KvRateLimitStore('key', d.counter, d.perKey),
          skip: (req) => !limited(req.path) || !principal(req),
          keyGenerator: (req) => keyOf(principal(req)!),
          handler: refuse('key', d.windowMs),
        }),
        'key',
        d.windowMs,
      ),
    );
  }
  return out;
}
