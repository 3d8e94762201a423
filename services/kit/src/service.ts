import { hostname } from 'node:os';
import type { Server } from 'node:http';
import type { z } from 'zod';
import { healthRpc, metricsRpc, type ServiceHealth, type ServiceName, type StreamSpec } from '@flywheel/contracts';
import { type BaseConfig, loadConfig } from './config.ts';
import { createLogger, type Logger } from './logger.ts';
import { connectNats, type NatsConnection } from './nats.ts';
import { serve } from './rpc.ts';
import { ensureStreams, retryForever } from './jetstream.ts';
import { DurablePublisher } from './durable-publisher.ts';
import { createMetrics, serveMetrics, type ServiceMetrics } from './metrics.ts';
import { bindRpcMetrics } from './rpc-metrics.ts';
import { dbCheck, openDb, serviceDbFile, type Db, type DbSchema } from './db.ts';

/** Everything a service's createService(deps) receives; nothing else reaches into process state. */
export interface ServiceDeps<C extends BaseConfig, D extends DbSchema | undefined = undefined> {
  name: ServiceName;
  version: string;
  instanceId: string;
  config: C;
  logger: Logger;
  nc: NatsConnection;
  metrics: ServiceMetrics;
  durable: DurablePublisher;
  /** The service's own SQLite file, opened and migrated before create() when its definition declares `db`. */
  db: D extends DbSchema ? Db<D> : undefined;
}

export interface ServiceInstance {
  stop(): Promise<void>;
  /** Extra health checks, e.g. {db:'ok'}; any value other than 'ok' makes the service degraded. */
  health?(): Record<string, string>;
}

export interface ServiceDefinition<S extends z.ZodType<BaseConfig>, I extends ServiceInstance = ServiceInstance, D extends DbSchema | undefined = undefined> {
  name: ServiceName;
  version: string;
  configSchema: S;
  /** JetStream streams this service writes or reads; ensured at boot. */
  streams?: readonly StreamSpec[];
  /**
   * The service's SQLite database: the kit opens `${DATA_DIR}/${name}.db` (WAL, migrations applied),
   * passes it as `deps.db`, reports it as the `db` health check and closes it after stop().
   */
  db?: D extends DbSchema ? { schema: D; migrationsFolder: string } : undefined;
  create(deps: ServiceDeps<z.infer<S>, D>): Promise<I>;
}

export interface RunningService<
  C extends BaseConfig = BaseConfig,
  I extends ServiceInstance = ServiceInstance,
  D extends DbSchema | undefined = DbSchema | undefined,
> {
  deps: ServiceDeps<C, D>;
  /** What create() returned (tests read e.g. a listening port from it). */
  instance: I;
  stop(): Promise<void>;
}

/** Boots a service: config → logger → NATS → streams → db → health/metrics RPCs → create(). */
export async function startService<S extends z.ZodType<BaseConfig>, I extends ServiceInstance, D extends DbSchema | undefined = DbSchema | undefined>(
  def: ServiceDefinition<S, I, D>,
  env: Record<string, string | undefined>,
): Promise<RunningService<z.infer<S>, I, D>> {
  const config = loadConfig(def.configSchema, env);
  const instanceId = config.INSTANCE_ID ?? `${hostname()}-${process.pid}`;
  const logger = createLogger(def.name, config.LOG_LEVEL, instanceId);
  const nc = await connectNats({ url: config.NATS_URL, name: `${def.name}:${instanceId}`, logger, namespace: config.FLYWHEEL_NAMESPACE });
  if (def.streams?.length) await retryForever(() => ensureStreams(nc, def.streams!, logger, config.STREAM_REPLICAS), { log: logger, what: 'ensure streams' });
  const metrics = createMetrics(def.name);
  bindRpcMetrics(nc, metrics);
  const durable = new DurablePublisher(nc, { logger });
  const db = def.db ? openDb(serviceDbFile(config.DATA_DIR, def.name), def.db) : undefined;
  const deps = { name: def.name, version: def.version, instanceId, config, logger, nc, metrics, durable, db } as ServiceDeps<z.infer<S>, D>;
  let instance: I;
  try {
    instance = await def.create(deps);
  } catch (err) {
    db?.$client.close();
    await durable.close(0);
    await nc.close().catch(() => undefined);
    throw err;
  }
  const started = Date.now();
  const health = (): ServiceHealth => {
    const checks = { ...(db ? { db: dbCheck(db) } : {}), ...instance.health?.() };
    const ok = Object.values(checks).every((v) => v === 'ok');
    return { status: ok ? 'ok' : 'degraded', version: def.version, instanceId, uptimeS: Math.round((Date.now() - started) / 1000), checks };
  };
  const rpcs = [
    serve(nc, healthRpc(def.name), () => health(), { logger }),
    serve(nc, metricsRpc(def.name), async () => ({ text: await metrics.registry.metrics() }), { logger }),
  ];
  // Subscriptions made by create() and above are registered with the server before we say we're up.
  await nc.flush();
  const metricsServer: Server | undefined = config.METRICS_PORT ? await serveMetrics(metrics.registry, config.METRICS_PORT) : undefined;
  logger.info({ nats: config.NATS_URL, namespace: config.FLYWHEEL_NAMESPACE, version: def.version }, `${def.name} started`);
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      logger.info(`${def.name} stopping`);
      rpcs.forEach((r) => r.stop());
      await instance.stop();
      db?.$client.close();
      await durable.close();
      await nc.drain().catch(() => undefined);
      await new Promise<void>((r) => (metricsServer ? metricsServer.close(() => r()) : r()));
      logger.info(`${def.name} stopped`);
    })());
  return { deps, instance, stop };
}
