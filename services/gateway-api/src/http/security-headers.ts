import type { RequestHandler } from 'express';
import helmet from 'helmet';
import cors from 'cors';

/**
 * CSP for what the gateway serves: the Vite-built dashboard (module scripts and CSS from /assets, API and
 * `/ws` on the same origin) and /api/docs (swagger-ui's own files from /api/docs/assets, no inline script).
 * Styles allow 'unsafe-inline' for the style attributes Vue and swagger-ui set; scripts never do.
 */
const CSP = {
  useDefaults: false,
  directives: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    scriptSrcAttr: ["'none'"],
    styleSrc: ["'self'", "'unsafe-inline'"],
    imgSrc: ["'self'", 'data:'],
    fontSrc: ["'self'", 'data:'],
    connectSrc: ["'self'"],
    objectSrc: ["'none'"],
    baseUri: ["'self'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
  },
};

/** Headers a browser reads on every response (helmet), and CORS for the configured origins only. */
export function securityHeaders(corsOrigins: string[]): RequestHandler[] {
  const out: RequestHandler[] = [helmet({ contentSecurityPolicy: CSP })];
  if (corsOrigins.length) {
    out.push(
      cors({
        origin: corsOrigins.includes('*') ? '*' : corsOrigins,
        methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
        allowedHeaders: ['authorization', 'content-type', 'idempotency-key', 'x-request-id'],
        exposedHeaders: ['x-request-id', 'ratelimit', 'ratelimit-policy', 'retry-after', 'idempotent-replayed'],
        maxAge: 600,
      }),
    );
  }
  return out;
}
