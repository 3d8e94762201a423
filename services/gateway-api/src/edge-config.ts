import { z } from 'zod';

const origins = z
  .string()
  .default('')
  .transform((s) =>
    s
      .split(',')
      .map((o) => o.trim())
      .filter(Boolean),
  )
  .pipe(
    z.array(
      z.literal('*').or(
        z
          .string()
          .url()
          .transform((u) => new URL(u).origin),
      ),
    ),
  );

/** `true`/`false`, a hop count, or a comma list of trusted proxy addresses/subnets (Express `trust proxy`). */
const trustProxy = z
  .string()
  .default('false')
  .transform((s): boolean | number | string => (s === 'true' ? true : s === 'false' ? false : /^\d+$/.test(s) ? Number(s) : s));

/** Gateway settings for rate limits, timeouts, CORS and draining (merged into the gateway's config schema). */
export const EdgeConfig = z.object({
  RATE_LIMIT_PER_KEY: z.coerce
    .number()
    .int()
    .min(0)
    .default(3000)
    .describe('Requests one API key (or agent credential) may make per window, summed over every gateway instance; 0 = no limit'),
  RATE_LIMIT_PER_IP: z.coerce
    .number()
    .int()
    .min(0)
    .default(6000)
    .describe('Requests one client address may make per window, with or without a key; 0 = no limit'),
  RATE_LIMIT_WINDOW_MS: z.coerce
    .number()
    .int()
    .min(1000)
    .max(3_600_000)
    .default(60_000)
    .describe('Rate-limit window (fixed windows aligned to the clock, shared through the NATS KV bucket <ns>_ratelimit)'),
  TRUST_PROXY: trustProxy.describe(
    'Which proxies may set X-Forwarded-For (Express trust proxy: true, false, a hop count or addresses/subnets); the per-IP limit counts the client address it yields',
  ),
  CORS_ORIGINS: origins.describe('Comma list of browser origins allowed to call the API cross-origin (e.g. https://ops.example.com); empty = none'),
  REQUEST_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(100)
    .max(600_000)
    .default(30_000)
    .describe('Deadline of every request: past it the client gets 503 UNAVAILABLE with Retry-After (also the time allowed to send a whole request)'),
  HEADERS_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(100)
    .max(120_000)
    .default(10_000)
    .describe('Time allowed to send the request headers (capped at REQUEST_TIMEOUT_MS)'),
  DRAIN_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(0)
    .max(9000)
    .default(8000)
    .describe('On SIGTERM, how long in-flight requests may finish before their connections are cut (below the 10 s hard stop of every service)'),
});
export type EdgeConfig = z.infer<typeof EdgeConfig>;
