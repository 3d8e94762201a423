import { ALL_STREAMS } from '@flywheel/contracts';
import { fileURLToPath } from 'node:url';
import { packageVersion, type ServiceDefinition, type ServiceDeps, type ServiceInstance } from '@flywheel/kit';
import { CostConfig } from './config.ts';
import * as schema from './db/schema.ts';
import { openCostStore } from './runtime/cost-store.ts';
import { startIngest } from './runtime/start-ingest.ts';
import { bindRpcs } from './handlers/bind-rpcs.ts';

const MIGRATIONS = fileURLToPath(new URL('../drizzle', import.meta.url));

/** Composition: store (rate cards, budgets, outbox) → usage consumer → RPCs → budget timer. */
export async function createCostService(deps: ServiceDeps<CostConfig, typeof schema>) {
  const { config, logger, nc } = deps;
  const store = openCostStore(deps.db, deps.durable, logger);
  const c = store.context;
  const ingest = startIngest(nc, c, store.transaction, deps.metrics.registry, {
    maxBatch: config.INGEST_BATCH,
    ackWaitMs: config.INGEST_ACK_WAIT_MS,
    tickMs: config.COST_TICK_MS,
  });
  const rpcs = bindRpcs(nc, c);
  // Period resets and sliding windows; also retries whatever the outbox still holds.
  const timer = setInterval(() => (c.tracker.tick(), c.flushOutbox()), config.BUDGET_TIMER_MS);
  c.flushOutbox();
  return {
    async stop() {
      clearInterval(timer);
      rpcs.forEach((r) => r.stop());
      await ingest.stop();
      await store.close();
    },
  };
}

export const CostDefinition: ServiceDefinition<typeof CostConfig, ServiceInstance, typeof schema> = {
  name: 'cost',
  version: packageVersion(import.meta.url),
  streams: ALL_STREAMS,
  db: { schema, migrationsFolder: MIGRATIONS },
  configSchema: CostConfig,
  create: createCostService,
};
