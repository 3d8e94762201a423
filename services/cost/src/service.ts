import { ALL_STREAMS } from '@flywheel/contracts';
import { packageVersion, type ServiceDefinition, type ServiceDeps } from '@flywheel/kit';
import { CostConfig } from './config.ts';
import { openCostStore } from './store.ts';
import { startIngest } from './ingest/start-ingest.ts';
import { bindRpcs } from './handlers/bind-rpcs.ts';

/** Composition: store (rate cards, budgets, outbox) → usage consumer → RPCs → budget timer. */
export async function createCostService(deps: ServiceDeps<CostConfig>) {
  const { config, logger, nc } = deps;
  const store = openCostStore(config.DATA_DIR, deps.durable, logger);
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
    health: () => ({ db: store.health() }),
    async stop() {
      clearInterval(timer);
      rpcs.forEach((r) => r.stop());
      await ingest.stop();
      await store.close();
    },
  };
}

export const CostDefinition: ServiceDefinition<typeof CostConfig> = {
  name: 'cost',
  version: packageVersion(import.meta.url),
  streams: ALL_STREAMS,
  configSchema: CostConfig,
  create: createCostService,
};
