import { z } from 'zod';
import { BaseConfig } from '@flywheel/kit';
import { AuthConfig } from './auth-config.ts';
import { OpsConfig } from './ops-config.ts';
import { EdgeConfig } from './edge-config.ts';

/** Edge gateway settings. */
export const GatewayConfig = BaseConfig.extend({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000).describe('HTTP port of the edge API and dashboard'),
  HOST: z
    .string()
    .default('127.0.0.1')
    .describe('Interface the gateway listens on (0.0.0.0 to expose it; every route but /health, the OpenAPI document and /api/docs needs a key)'),
  PUBLIC_URL: z
    .string()
    .url()
    .optional()
    .describe('How agents and webhooks reach this gateway (default http://127.0.0.1:PORT); given to agents with their credential'),
  WS_HUB_URL: z.string().url().default('http://127.0.0.1:3001').describe('Where /ws upgrades are forwarded (the ws-hub)'),
  WEB_DIST: z.string().default('web/dist').describe('Built dashboard served at /'),
  HEALTH_TIMEOUT_MS: z.coerce.number().int().min(50).max(10_000).default(800).describe('How long /health waits for each service'),
  BODY_LIMIT: z.string().default('1mb').describe('Largest accepted JSON body'),
  HOOK_LOCAL_ALLOW: z
    .enum(['after-ack', 'before-ack', 'off'])
    .default('after-ack')
    .describe(
      "HTTP hook fast path: a shell command that writes nothing and that the gateway's replica of the guard's policy allows is answered here, its decision handed to safety over JetStream; after-ack answers once the stream holds it, before-ack at once (a gateway crash may lose the record), off asks the guard every time",
    ),
  HOOK_LOCAL_ACK_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(10)
    .max(10_000)
    .default(1000)
    .describe('How long the hook fast path waits for the stream to hold a handed decision before asking the guard instead'),
})
  .extend(AuthConfig.shape)
  .extend(OpsConfig.shape)
  .extend(EdgeConfig.shape);
export type GatewayConfig = z.infer<typeof GatewayConfig>;
