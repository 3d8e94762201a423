import type { NatsConnection } from '@nats-io/transport-node';
import { AppError } from '@flywheel/contracts';
import type { ServiceMetrics } from './metrics.ts';

type Bound = Pick<ServiceMetrics, 'rpcServed' | 'rpcDuration' | 'rpcRequests'>;

// The registry each connection reports RPC timings to, set once by startService (like its namespace).
const bound = new WeakMap<NatsConnection, Bound>();

/** Makes request() and serve() on this connection record their timings in these metrics. */
export function bindRpcMetrics(nc: NatsConnection, metrics: Bound): void {
  bound.set(nc, metrics);
}

const NOOP = (): void => undefined;

/** 'ok' or the error's code: a bounded label. */
const codeOf = (err: unknown): string => (err === undefined ? 'ok' : err instanceof AppError ? err.code : 'INTERNAL');

/** Times one served request; `subject` is the descriptor's (a pattern for per-id subjects), so labels stay bounded. */
export function timeServed(nc: NatsConnection, subject: string): (err?: unknown) => void {
  const m = bound.get(nc);
  if (!m) return NOOP;
  const start = process.hrtime.bigint();
  return (err) => {
    const s = Number(process.hrtime.bigint() - start) / 1e9;
    const code = codeOf(err);
    m.rpcServed.inc({ subject, code });
    m.rpcDuration.observe({ subject, code }, s);
  };
}

/** Times one outgoing request, by the descriptor's subject and outcome code. */
export function timeRequest(nc: NatsConnection, subject: string): (err?: unknown) => void {
  const m = bound.get(nc);
  if (!m) return NOOP;
  const end = m.rpcRequests.startTimer({ subject });
  return (err) => end({ code: codeOf(err) });
}
