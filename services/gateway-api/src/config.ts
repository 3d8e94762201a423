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
})
  .extend(AuthConfig.shape)
  .extend(OpsConfig.shape)
  .extend(EdgeConfig.shape);
export type GatewayConfig = z.infer<typeof GatewayConfig>;
