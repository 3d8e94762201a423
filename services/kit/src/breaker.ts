import CircuitBreaker from 'opossum';
import { AppError, type ErrorCode } from '@flywheel/contracts';
import { Counter, Gauge, type Registry } from 'prom-client';

/** Codes that say "the peer is unwell"; every other AppError is a domain answer and never trips. */
const TRIPPING: ReadonlySet<ErrorCode> = new Set(['UNAVAILABLE', 'TIMEOUT', 'INTERNAL']);

/** True when `err` says the peer is unwell (or the circuit is open), not that it answered no. */
export const isPeerFailure = (err: unknown): boolean => !(err instanceof AppError) || TRIPPING.has(err.code);

export interface BreakerOptions {
  name: string;
  timeoutMs?: number;
  errorThresholdPercentage?: number;
  resetTimeoutMs?: number;
  volumeThreshold?: number;
  registry?: Registry;
}

interface BreakerMetrics {
  transitions: Counter<'breaker' | 'state'>;
  state: Gauge<'breaker'>;
}

// One pair per registry: several services (each with its own registry) may share a process in tests.
const metricsByRegistry = new WeakMap<Registry, BreakerMetrics>();

function breakerMetrics(registry: Registry): BreakerMetrics {
  let m = metricsByRegistry.get(registry);
  if (!m) {
    m = {
      transitions: new Counter({
        name: 'breaker_transitions_total',
        help: 'Circuit breaker state changes',
        labelNames: ['breaker', 'state'],
        registers: [registry],
      }),
      state: new Gauge({ name: 'breaker_state', help: 'Circuit breaker state: 0 closed, 1 half-open, 2 open', labelNames: ['breaker'], registers: [registry] }),
    };
    metricsByRegistry.set(registry, m);
  }
  return m;
}

/** Publishes a breaker's state changes as breaker_transitions_total and breaker_state (0 closed, 1 half-open, 2 open). */
function observe(breaker: CircuitBreaker, name: string, registry: Registry): void {
  const m = breakerMetrics(registry);
  m.state.set({ breaker: name }, 0);
  const seen = (state: 'close' | 'halfOpen' | 'open', value: number) => () => {
    m.transitions.inc({ breaker: name, state });
    m.state.set({ breaker: name }, value);
  };
  breaker.on('close', seen('close', 0));
  breaker.on('halfOpen', seen('halfOpen', 1));
  breaker.on('open', seen('open', 2));
}

/**
 * Wraps an outbound call in a breaker with a timeout. An open circuit or a timeout surfaces as
 * AppError UNAVAILABLE / TIMEOUT; domain errors (NOT_FOUND, CONFLICT, ...) pass through untouched.
 */
export function createBreaker<A extends unknown[], R>(fn: (...args: A) => Promise<R>, opts: BreakerOptions): (...args: A) => Promise<R> {
  const breaker = new CircuitBreaker(fn, {
    name: opts.name,
    timeout: opts.timeoutMs ?? 3000,
    errorThresholdPercentage: opts.errorThresholdPercentage ?? 50,
    resetTimeout: opts.resetTimeoutMs ?? 5000,
    volumeThreshold: opts.volumeThreshold ?? 5,
    errorFilter: (err: unknown) => err instanceof AppError && !TRIPPING.has(err.code),
  });
  if (opts.registry) observe(breaker, opts.name, opts.registry);
  const resetMs = opts.resetTimeoutMs ?? 5000;
  let openedAt = 0;
  breaker.on('open', () => (openedAt = Date.now()));
  // Seconds until the breaker tries the peer again: what a client is told to wait (Retry-After).
  const retryAfterS = () => Math.max(1, Math.ceil((openedAt + resetMs - Date.now()) / 1000));
  return async (...args: A) => {
    try {
      return await breaker.fire(...args);
    } catch (err) {
      throw translate(err, opts.name, retryAfterS);
    }
  };
}

function translate(err: unknown, name: string, retryAfterS: () => number): unknown {
  if (err instanceof AppError) return err;
  const code = (err as { code?: string })?.code;
  if (code === 'EOPENBREAKER')
    return new AppError('UNAVAILABLE', `${name} is unavailable (circuit open)`, { reason: 'circuit_open', retryAfterS: retryAfterS() });
  if (code === 'ETIMEDOUT') return new AppError('TIMEOUT', `${name} did not answer in time`);
  return err;
}
