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

/** helmet's options: its defaults with the CSP above (exported for the test that compares the replay with helmet). */
export const HELMET_OPTIONS = { contentSecurityPolicy: CSP };

/**
 * What helmet sets (and removes) on a response with this configuration. Nothing in it depends on the request,
 * so helmet runs once at start on a recording response, and each request gets the recorded headers in one go
 * instead of passing through helmet's thirteen middlewares.
 */
function helmetHeaders(): { set: [string, string][]; removed: string[] } {
  const set = new Map<string, string>();
  const removed: string[] = [];
  const recorder = {
    setHeader: (name: string, value: string | number | readonly string[]) => void set.set(name, String(value)),
    removeHeader: (name: string) => void (set.delete(name), removed.push(name)),
  };
  let called = false;
  helmet(HELMET_OPTIONS)({} as never, recorder as never, (err?: unknown) => {
    if (err) throw err;
    called = true;
  });
  if (!called) throw new Error('helmet did not finish synchronously: its headers cannot be precomputed');
  return { set: [...set], removed };
}

/** Headers a browser reads on every response (helmet), and CORS for the configured origins only. */
export function securityHeaders(corsOrigins: string[]): RequestHandler[] {
  const { set, removed } = helmetHeaders();
  const out: RequestHandler[] = [
    (_req, res, next) => {
      for (let i = 0; i < set.length; i++) res.setHeader(set[i][0], set[i][1]);
      for (let i = 0; i < removed.length; i++) res.removeHeader(removed[i]);
      next();
    },
  ];
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
