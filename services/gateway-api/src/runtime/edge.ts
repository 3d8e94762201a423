import type { Principal } from '@flywheel/contracts';
import { createKvCounter, openKv, type Logger, type NatsConnection } from '@flywheel/kit';
import type { GatewayConfig } from '../config.ts';
import type { AppDeps } from '../http/app.ts';
import { idempotencyGate } from '../http/idempotency.ts';
import { createIdempotencyStore } from './idempotency-store.ts';

const HOUR_MS = 3_600_000;

/** Logs a repeated failure at most once per period, so a broker outage is one line, not one per request. */
function throttled(log: Logger, msg: string, periodMs = 10_000) {
  let last = 0;
  return (err: unknown) => {
    if (Date.now() - last < periodMs) return;
    last = Date.now();
    log.warn({ err: (err as Error)?.message }, msg);
  };
}

/**
 * The edge's shared state: rate-limit counters (bucket `ratelimit`, kept 2 h, longer than any window) and
 * idempotency records (bucket `idempotency`, kept 24 h), both in NATS KV so every gateway instance sees them.
 */
export async function openEdge(nc: NatsConnection, c: GatewayConfig, verify: (credential: string) => Principal, logger: Logger) {
  const log = logger.child({ mod: 'edge' });
  const counter = createKvCounter(await openKv(nc, 'ratelimit', { replicas: c.STREAM_REPLICAS, maxAgeMs: 2 * HOUR_MS }), {
    windowMs: c.RATE_LIMIT_WINDOW_MS,
    onError: throttled(log, 'rate-limit counters not shared: NATS KV unreachable'),
  });
  const records = createIdempotencyStore(await openKv(nc, 'idempotency', { replicas: c.STREAM_REPLICAS, maxAgeMs: 24 * HOUR_MS }), {
    leaseMs: 2 * c.REQUEST_TIMEOUT_MS,
  });
  const edge: NonNullable<AppDeps['edge']> = {
    corsOrigins: c.CORS_ORIGINS,
    requestTimeoutMs: c.REQUEST_TIMEOUT_MS,
    trustProxy: c.TRUST_PROXY,
    idempotency: idempotencyGate(records, logger),
    limits: { counter, perKey: c.RATE_LIMIT_PER_KEY, perIp: c.RATE_LIMIT_PER_IP, windowMs: c.RATE_LIMIT_WINDOW_MS, verify, logger },
  };
  return { edge, stop: () => counter.stop() };
}
