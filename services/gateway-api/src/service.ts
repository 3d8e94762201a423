import { createServer, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { ALL_STREAMS, type ServiceName } from '@flywheel/contracts';
import { fileURLToPath } from 'node:url';
import { dbCheck, openDb, packageVersion, rpcClient, serviceDbFile, type RpcCall, type ServiceDefinition, type ServiceDeps } from '@flywheel/kit';
import { GatewayConfig } from './config.ts';
import { createApp } from './app.ts';
import { proxyUpgrade } from './http/ws-proxy.ts';
import * as schema from './db/schema.ts';
import { ensureAdminKey, wsTokenSecret } from './auth/bootstrap.ts';
import { KeyStore } from './auth/key-store.ts';
import { WsTokens } from './auth/ws-tokens.ts';
import { serveAuth } from './auth/auth-service.ts';

const MIGRATIONS = fileURLToPath(new URL('../drizzle', import.meta.url));

/** Starts the HTTP edge; `/ws` upgrades go to the ws-hub. */
export async function createGatewayService(deps: ServiceDeps<GatewayConfig>) {
  const { config, logger, nc } = deps;
  const db = openDb(serviceDbFile(config.DATA_DIR, 'gateway-api'), { schema, migrationsFolder: MIGRATIONS });
  const keys = new KeyStore(db);
  ensureAdminKey(keys, { envKey: config.FLYWHEEL_ADMIN_KEY, account: config.FLYWHEEL_ADMIN_ACCOUNT, dataDir: config.DATA_DIR, logger });
  const auth = serveAuth(nc, keys, new WsTokens(wsTokenSecret(db), config.WS_TOKEN_TTL_S), logger);
  const peers = new Map<string, RpcCall>();
  const peer = (s: Exclude<ServiceName, 'gateway-api'>) => {
    if (!peers.has(s)) peers.set(s, rpcClient(nc, s, { registry: deps.metrics.registry }));
    return peers.get(s)!;
  };
  const app = createApp({
    nc,
    logger,
    registry: deps.metrics.registry,
    version: deps.version,
    healthTimeoutMs: config.HEALTH_TIMEOUT_MS,
    bodyLimit: config.BODY_LIMIT,
    webDist: config.WEB_DIST,
    peer,
  });
  const server: Server = createServer(app);
  const sockets = new Set<Socket>();
  server.on('connection', (s) => (sockets.add(s), s.on('close', () => sockets.delete(s))));
  const forward = proxyUpgrade(config.WS_HUB_URL, logger);
  server.on('upgrade', (req, socket, head) => {
    if (new URL(req.url ?? '/', 'http://x').pathname === '/ws') forward(req, socket, head);
    else socket.end('HTTP/1.1 404 Not Found\r\nconnection: close\r\n\r\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.PORT, config.HOST, () => resolve());
  });
  const port = (server.address() as { port: number }).port;
  logger.info({ port }, `gateway listening on http://${config.HOST}:${port}`);
  return {
    port,
    health: () => ({ db: dbCheck(db) }),
    async stop() {
      auth.stop();
      await new Promise<void>((r) => {
        server.close(() => r());
        for (const s of sockets) s.destroy();
      });
      db.$client.close();
    },
  };
}

export const GatewayDefinition: ServiceDefinition<typeof GatewayConfig, Awaited<ReturnType<typeof createGatewayService>>> = {
  name: 'gateway-api',
  version: packageVersion(import.meta.url),
  streams: ALL_STREAMS,
  configSchema: GatewayConfig,
  create: createGatewayService,
};
