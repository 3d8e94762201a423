import type { RequestHandler } from 'express';
import type { Logger } from '@flywheel/kit';
import { accessLog } from './access-log.ts';
import { securityHeaders } from './security-headers.ts';
import { deadline } from './deadline.ts';
import { rateLimits, type RateLimitDeps } from './rate-limit.ts';

export interface ProtectionDeps {
  logger: Logger;
  corsOrigins: string[];
  requestTimeoutMs: number;
  /** Shared rate limits; none when absent. */
  limits?: RateLimitDeps;
}

/** What runs before any route reads a body: access log, security headers, CORS, the deadline, rate limits. */
export function protection(d: ProtectionDeps): RequestHandler[] {
  return [accessLog(d.logger), ...securityHeaders(d.corsOrigins), deadline(d.requestTimeoutMs), ...(d.limits ? rateLimits(d.limits) : [])];
}
