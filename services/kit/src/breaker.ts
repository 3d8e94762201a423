import CircuitBreaker from 'opossum';
import { AppError, type ErrorCode } from '@flywheel/contracts';
import type { Registry } from 'prom-client';
import { Counter } from 'prom-client';

/** Codes that say "the peer is unwell"; every other AppError is a domain answer and never trips. */
const TRIPPING: ReadonlySet<ErrorCode> = new Set(['UNAVAILABLE', 'TIMEOUT', 'INTERNAL']);

export interface BreakerOptions {
  name: string;
  timeoutMs?: number;
  errorThresholdPercentage?: number;
  resetTimeoutMs?: number;
  volumeThreshold?: number;
  registry?: Registry;
}

let stateCounter: Counter | undefined;

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
  if (opts.registry) {
    stateCounter ??= new Counter({ name: 'breaker_transitions_total', help: 'Circuit breaker state changes', labelNames: ['breaker', 'state'], registers: [opts.registry] });
    breaker.on('open', () => stateCounter!.inc({ breaker: opts.name, state: 'open' }));
    breaker.on('halfOpen', () => stateCounter!.inc({ breaker: opts.name, state: 'halfOpen' }));
    breaker.on('close', () => stateCounter!.inc({ breaker: opts.name, state: 'close' }));
  }
  return async (...args: A) => {
    try {
      return await breaker.fire(...args);
    } catch (err) {
      throw translate(err, opts.name);
    }
  };
}

function translate(err: unknown, name: string): unknown {
  if (err instanceof AppError) return err;
  const code = (err as { code?: string })?.code;
  if (code === 'EOPENBREAKER') return new AppError('UNAVAILABLE', `${name} is unavailable (circuit open)`);
  if (code === 'ETIMEDOUT') return new AppError('TIMEOUT', `${name} did not answer in time`);
  return err;
}
