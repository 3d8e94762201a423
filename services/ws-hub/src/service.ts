import { fileURLToPath } from 'node:url';
import { ALL_STREAMS } from '@flywheel/contracts';
import { dbCheck, openDb, packageVersion, rpcClient, serviceDbFile, type ServiceDefinition, type ServiceDeps } from '@flywheel/kit';
import { HubConfig } from './config.ts';
import * as schema from './db/schema.ts';
import { AcksRepo } from './db/acks-repo.ts';
import { HubLog, startVec } from './domain/hub-log.ts';
import { createHubMetrics } from './hub-metrics.ts';
import { Hub } from './hub.ts';
import { startIngest, streamHeads } from './ingest.ts';
import { Owners } from './owners.ts';
import { StreamReplay } from './stream-replay.ts';
import { CredentialVerifier } from './auth.ts';
import { createHubServer } from './server.ts';
import { startSweeper } from './sweeper.ts';

const MIGRATIONS = fileURLToPath(new URL('../drizzle', import.meta.url));

/** The WebSocket hub: JetStream family streams → in-memory ring → authorised live fan-out with exact replay. */
export async function createHubService(deps: ServiceDeps<HubConfig>) {
  const { config: c, logger, nc } = deps;
  const db = openDb(serviceDbFile(c.DATA_DIR, 'ws-hub'), { schema, migrationsFolder: MIGRATIONS });
  const metrics = createHubMetrics(deps.metrics.registry);
  const owners = new Owners();
  await owners.load(nc, logger);
  const heads = await streamHeads(nc);
  const log = new HubLog(startVec(heads), { events: c.WS_RING_EVENTS, bytes: c.WS_RING_BYTES });
  const hub = new Hub({ log, owners, acks: new AcksRepo(db), streams: new StreamReplay(nc), metrics, stallMs: c.WS_STALL_MS, logger });
  const ingest = startIngest(nc, heads, hub, logger);
  const verifier = new CredentialVerifier(rpcClient(nc, 'gateway-api', { registry: deps.metrics.registry }), c.WS_AUTH_CACHE_MS);
  const http = createHubServer(hub, verifier, metrics, logger, { heartbeatMs: c.WS_HEARTBEAT_MS, maxFrameBytes: c.WS_MAX_FRAME_BYTES, hwmBytes: c.WS_SEND_HWM_BYTES });
  const clientTimeoutMs = c.WS_CLIENT_TIMEOUT_MS || 3 * c.WS_HEARTBEAT_MS;
  const sweeper = startSweeper(hub, log, metrics, { heartbeatMs: c.WS_HEARTBEAT_MS, clientTimeoutMs, stallMs: c.WS_STALL_MS });
  const port = await http.listen(c.WS_HUB_PORT, c.WS_HUB_HOST);
  logger.info({ port, heads }, 'ws-hub listening');
  return {
    port,
    hub,
    health: () => ({ db: dbCheck(db), ingest: ingest.healthy() ? 'ok' : 'retrying' }),
    async stop() {
      sweeper.stop();
      await http.close();
      await ingest.stop();
      db.$client.close();
    },
  };
}

export const HubDefinition: ServiceDefinition<typeof HubConfig, Awaited<ReturnType<typeof createHubService>>> = {
  name: 'ws-hub',
  version: packageVersion(import.meta.url),
  streams: ALL_STREAMS,
  configSchema: HubConfig,
  create: createHubService,
};
