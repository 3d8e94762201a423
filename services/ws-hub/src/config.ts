import { z } from 'zod';
import { BaseConfig } from '@flywheel/kit';

const ms = (def: number, min: number, what: string) => z.coerce.number().int().min(min).default(def).describe(what);

/** ws-hub settings. */
export const HubConfig = BaseConfig.extend({
  WS_HUB_PORT: z.coerce.number().int().min(0).max(65535).default(3001).describe('Port of the WebSocket hub (the gateway forwards /ws here)'),
  WS_HUB_HOST: z.string().default('127.0.0.1').describe('Interface the hub listens on'),
  WS_HEARTBEAT_MS: ms(30_000, 50, 'Hub heartbeat interval'),
  WS_CLIENT_TIMEOUT_MS: z.coerce.number().int().min(0).default(0).describe('Close (1001) a client silent this long; 0 = 3 × WS_HEARTBEAT_MS'),
  WS_MAX_FRAME_BYTES: ms(64 * 1024, 256, 'Largest client frame; bigger ones close the socket with 1009'),
  WS_SEND_HWM_BYTES: ms(1024 * 1024, 1024, 'Per-connection send queue cap; past it events are dropped for that connection'),
  WS_STALL_MS: ms(10_000, 50, 'A connection whose queue stays over the cap this long is closed with 1013'),
  WS_RING_EVENTS: ms(50_000, 10, 'Events kept in memory (all families) for fast replay'),
  WS_RING_BYTES: ms(64 * 1024 * 1024, 1024, 'Bytes of event frames kept in memory for fast replay'),
  WS_AUTH_CACHE_MS: ms(30_000, 0, 'How long a verified credential is trusted without asking the gateway again'),
});
export type HubConfig = z.infer<typeof HubConfig>;
