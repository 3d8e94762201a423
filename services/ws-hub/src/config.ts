import { z } from 'zod';
import { BaseConfig } from '@flywheel/kit';

/** ws-hub settings. */
export const HubConfig = BaseConfig.extend({
  WS_HUB_PORT: z.coerce.number().int().min(0).max(65535).default(3001).describe('Port of the WebSocket hub (the gateway forwards /ws here)'),
  WS_HUB_HOST: z.string().default('127.0.0.1').describe('Interface the hub listens on'),
  WS_HEARTBEAT_MS: z.coerce.number().int().min(100).default(30_000).describe('Hub heartbeat interval'),
});
export type HubConfig = z.infer<typeof HubConfig>;
