import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { WebSocketServer } from 'ws';
import { ALL_STREAMS, newId } from '@flywheel/contracts';
import { dbCheck, openDb, packageVersion, serviceDbFile, type ServiceDefinition, type ServiceDeps } from '@flywheel/kit';
import { HubConfig } from './config.ts';
import * as schema from './db/schema.ts';

const MIGRATIONS = fileURLToPath(new URL('../drizzle', import.meta.url));

/** The WebSocket fan-out hub. */
export async function createHubService(deps: ServiceDeps<HubConfig>) {
  const { config, logger } = deps;
  const db = openDb(serviceDbFile(config.DATA_DIR, 'ws-hub'), { schema, migrationsFolder: MIGRATIONS });
  const server = createServer((_req, res) => res.writeHead(426).end());
  const wss = new WebSocketServer({ server, path: '/ws', maxPayload: 64 * 1024 });
  wss.on('connection', (ws) => {
    ws.send(JSON.stringify({ type: 'hello', connectionId: newId('conn'), serverTime: new Date().toISOString(), heartbeatMs: config.WS_HEARTBEAT_MS }));
    ws.on('message', (raw) => {
      const text = raw.toString();
      if (text.includes('"ping"')) ws.send(JSON.stringify({ type: 'pong' }));
    });
  });
  await new Promise<void>((r) => server.listen(config.WS_HUB_PORT, config.WS_HUB_HOST, r));
  logger.info({ port: config.WS_HUB_PORT }, 'ws-hub listening');
  return {
    health: () => ({ db: dbCheck(db) }),
    async stop() {
      for (const c of wss.clients) c.close(1001, 'server shutting down');
      await new Promise<void>((r) => wss.close(() => r()));
      await new Promise<void>((r) => server.close(() => r()));
      db.$client.close();
    },
  };
}

export const HubDefinition: ServiceDefinition<typeof HubConfig> = {
  name: 'ws-hub',
  version: packageVersion(import.meta.url),
  streams: ALL_STREAMS,
  configSchema: HubConfig,
  create: createHubService,
};
