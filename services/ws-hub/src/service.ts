import { fileURLToPath } from 'node:url';
import { ALL_STREAMS } from '@flywheel/contracts';
import { packageVersion, rpcClient, type ServiceDefinition, type ServiceDeps } from '@flywheel/kit';
import { HubConfig } from './config.ts';
import * as schema from './db/schema.ts';
import { createAcksRepo } from './db/acks-repo.ts';
import { HubLog, startVec } from './domain/hub-log.ts';
import { createHubMetrics } from './runtime/hub-metrics.ts';
import { Hub } from './runtime/hub.ts';
import { startIngest, streamHeads } from './runtime/ingest.ts';
import { Owners } from './runtime/owners.ts';
import { StreamReplay } from './runtime/stream-replay.ts';
import { CredentialVerifier } from './runtime/credential-verifier.ts';
import { createHubServer } from './handlers/hub-server.ts';
import { startSweeper } from './runtime/sweeper.ts';

const MIGRATIONS = fileURLToPath(new URL('../drizzle', import.meta.url));

/** The WebSocket hub: JetStream family streams → in-memory ring → authorised live fan-out with exact replay. */
export async function createHubService(deps: ServiceDeps<HubConfig, typeof schema>) {
  const { config: c, logger, nc, db } = deps;
  const metrics = createHubMetrics(deps.metrics.registry);
  const owners = new Owners();
  await owners.load(nc, logger);
  const heads = await streamHeads(nc);
  const log = new HubLog(startVec(heads), { events: c.WS_RING_EVENTS, bytes: c.WS_RING_BYTES });
  const hub = new Hub({ log, owners, acks: createAcksRepo(db), streams: new StreamReplay(nc), metrics, stallMs: c.WS_STALL_MS, logger });
  const ingest = startIngest(nc, heads, hub, logger);
  const verifier = new CredentialVerifier(rpcClient(nc, 'gateway-api', { failMode: 'throw', registry: deps.metrics.registry }), c.WS_AUTH_CACHE_MS);
  const http = createHubServer(hub, verifier, metrics, logger, {
    heartbeatMs: c.WS_HEARTBEAT_MS,
    maxFrameBytes: c.WS_MAX_FRAME_BYTES,
    hwmBytes: c.WS_SEND_HWM_BYTES,
  });
  const clientTimeoutMs = c.WS_CLIENT_TIMEOUT_MS || 3 * c.WS_HEARTBEAT_MS;
  const sweeper = startSweeper(hub, log, metrics, { heartbeatMs: c.WS_HEARTBEAT_MS, clientTimeoutMs, stallMs: c.WS_STALL_MS });
  const port = await http.listen(c.WS_HUB_PORT, c.WS_HUB_HOST);
  logger.info({ port, heads }, 'ws-hub listening');
  return {
    port,
    hub,
    health: () => ({ ingest: ingest.healthy() ? 'ok' : 'retrying' }),
    async stop() {
      sweeper.stop();
      await http.close();
      await ingest.stop();
    },
  };
}

export const HubDefinition: ServiceDefinition<typeof HubConfig, Awaited<ReturnType<typeof createHubService>>, typeof schema> = {
  name: 'ws-hub',
  version: packageVersion(import.meta.url),
  streams: ALL_STREAMS,
  db: { schema, migrationsFolder: MIGRATIONS },
  configSchema: HubConfig,
  create: createHubService,
};
