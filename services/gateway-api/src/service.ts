import { fileURLToPath } from 'node:url';
import { ALL_STREAMS, API, openApiDocument, type ServiceName } from '@flywheel/contracts';
import { openKv, packageVersion, rpcClient, type RpcCall, type ServiceDefinition, type ServiceDeps } from '@flywheel/kit';
import { GatewayConfig } from './config.ts';
import { createApp } from './http/app.ts';
import * as schema from './db/schema.ts';
import { createLegacyAuthRepo } from './db/legacy-auth-repo.ts';
import { KeyStore } from './runtime/key-store.ts';
import { ensureAdminKey, migrateLegacyKeys, wsTokenSecret } from './runtime/bootstrap.ts';
import { WsTokens } from './runtime/ws-tokens.ts';
import { createAuthenticator } from './runtime/auth.ts';
import { serveCredentialRpcs } from './runtime/credential-rpc.ts';
import { ProfileStore } from './runtime/profile-store.ts';
import { serveProfileRpcs } from './runtime/profile-rpc.ts';
import { deriveKey } from './domain/profile-crypto.ts';
import { coalescedHealth } from './runtime/health.ts';
import { startHttpServer } from './runtime/http-server.ts';
import { openEdge } from './runtime/edge.ts';
import { allHandlers } from './handlers/index.ts';
import { startOps } from './runtime/ops.ts';
import { openPolicyReplica } from './runtime/policy-replica.ts';
import { createHookLocal } from './runtime/hook-local.ts';

const MIGRATIONS = fileURLToPath(new URL('../drizzle', import.meta.url));

/** The HTTP edge: keys → authenticator → handlers for every contract route → HTTP server (`/ws` goes to the hub). */
export async function createGatewayService(deps: ServiceDeps<GatewayConfig, typeof schema>) {
  const { config, logger, nc, db } = deps;
  const kv = await openKv(nc, 'auth', { replicas: config.STREAM_REPLICAS });
  const legacy = createLegacyAuthRepo(db);
  const keys = await KeyStore.open(kv, logger);
  await migrateLegacyKeys(keys, legacy, logger);
  await ensureAdminKey(keys, { envKey: config.FLYWHEEL_ADMIN_KEY, account: config.FLYWHEEL_ADMIN_ACCOUNT, dataDir: config.DATA_DIR, logger });
  const profiles = await ProfileStore.open(
    await openKv(nc, 'profiles', { replicas: config.STREAM_REPLICAS }),
    config.FLYWHEEL_SECRETS_KEY ? deriveKey(config.FLYWHEEL_SECRETS_KEY) : undefined,
    logger,
  );
  const auth = createAuthenticator(keys, new WsTokens(await wsTokenSecret(kv, legacy), config.WS_TOKEN_TTL_S));
  const peers = new Map<string, RpcCall>();
  const peer = (s: Exclude<ServiceName, 'gateway-api'>) => {
    if (!peers.has(s)) peers.set(s, rpcClient(nc, s, { failMode: 'throw', registry: deps.metrics.registry }));
    return peers.get(s)!;
  };
  const openapi = openApiDocument(API, { title: 'Flywheel Gateway API', version: deps.version });
  const ops = await startOps({
    nc,
    durable: deps.durable,
    db,
    logger,
    registry: deps.metrics.registry,
    config,
    instanceId: deps.instanceId,
    runners: peer('agent-runner'),
  });
  const replica = await openPolicyReplica(nc, peer('safety'), { logger, registry: deps.metrics.registry, replicas: config.STREAM_REPLICAS });
  const hookLocal = createHookLocal({
    replica,
    durable: deps.durable,
    mode: config.HOOK_LOCAL_ALLOW,
    ackTimeoutMs: config.HOOK_LOCAL_ACK_TIMEOUT_MS,
    logger,
    registry: deps.metrics.registry,
  });
  const handlers = allHandlers({
    registry: deps.metrics.registry,
    auth,
    keys,
    profiles,
    peer,
    openapi: () => openapi,
    ops,
    notifyHosts: config.NOTIFY_ALLOWED_HOSTS,
    hookLocal,
    policyChanged: replica.invalidate,
    version: deps.version,
    health: coalescedHealth({ nc, version: deps.version, timeoutMs: config.HEALTH_TIMEOUT_MS }),
  });
  const edge = await openEdge(nc, config, auth.verify, logger);
  const app = createApp({
    logger,
    registry: deps.metrics.registry,
    bodyLimit: config.BODY_LIMIT,
    webDist: config.WEB_DIST,
    handlers,
    verify: auth.verify,
    audit: ops.audit.record,
    edge: edge.edge,
  });
  const server = await startHttpServer(app, {
    port: config.PORT,
    host: config.HOST,
    wsHubUrl: config.WS_HUB_URL,
    logger,
    requestTimeoutMs: config.REQUEST_TIMEOUT_MS,
    headersTimeoutMs: config.HEADERS_TIMEOUT_MS,
  });
  const gatewayUrl = config.PUBLIC_URL ?? `http://127.0.0.1:${server.port}`;
  const credentialRpc = serveCredentialRpcs(nc, { auth, keys, gatewayUrl, logger });
  const profileRpc = serveProfileRpcs(nc, profiles, logger);
  return {
    port: server.port,
    /** This instance holds the lease: it evaluates alert rules and sends notifications. */
    isOpsLeader: () => ops.isLeader(),
    /** The hook fast path's replica of the guard's policy: its version while current, and a wait for a version. */
    hookPolicy: { version: () => replica.current()?.version, whenCurrent: replica.whenCurrent },
    /** Drains HTTP and /ws first (credential RPCs still answer meanwhile), then lets go of the rest. */
    async stop() {
      await server.close(config.DRAIN_TIMEOUT_MS);
      credentialRpc.stop();
      profileRpc.stop();
      profiles.stop();
      await edge.stop();
      replica.stop();
      await ops.stop();
      keys.stop();
    },
  };
}

export const GatewayDefinition: ServiceDefinition<typeof GatewayConfig, Awaited<ReturnType<typeof createGatewayService>>, typeof schema> = {
  name: 'gateway-api',
  version: packageVersion(import.meta.url),
  streams: ALL_STREAMS,
  db: { schema, migrationsFolder: MIGRATIONS },
  configSchema: GatewayConfig,
  create: createGatewayService,
};
