import { fileURLToPath } from 'node:url';
import { ALL_STREAMS, USAGE_STREAM, UsageRecord } from '@flywheel/contracts';
import { Counter, dbCheck, openDb, packageVersion, serviceDbFile, type ServiceDefinition, type ServiceDeps } from '@flywheel/kit';
import defaults from '../rate-cards/default.litellm.json' with { type: 'json' };
import { CostConfig } from './config.ts';
import * as schema from './db/schema.ts';
import { loadDefaultRateCard, RateCardBook } from './domain/index.ts';
import { alertRepo } from './db/alert-repo.ts';
import { analyticsRepo } from './db/analytics-repo.ts';
import { budgetRepo } from './db/budget-repo.ts';
import { rateCardRepo } from './db/rate-card-repo.ts';
import { recommendationRepo } from './db/recommendation-repo.ts';
import { spendRepo } from './db/spend-repo.ts';
import { usageWriter } from './db/usage-repo.ts';
import { BudgetTracker } from './budgets/budget-tracker.ts';
import { outboxPublisher } from './ingest/outbox-publisher.ts';
import { tickAccumulator } from './ingest/tick-publisher.ts';
import { usageIngest } from './ingest/usage-ingest.ts';
import { consumeDurableBatches } from './ingest/batch-consumer.ts';
import { bindRpcs } from './handlers/bind-rpcs.ts';
import type { CostContext } from './handlers/context.ts';

const MIGRATIONS = fileURLToPath(new URL('../drizzle', import.meta.url));

/** Composition: store → rate cards → budgets → usage consumer → RPCs → timers. */
export async function createCostService(deps: ServiceDeps<CostConfig>) {
  const { config, logger, nc } = deps;
  const db = openDb(serviceDbFile(config.DATA_DIR, 'cost'), { schema, migrationsFolder: MIGRATIONS });
  const sqlite = db.$client;
  const now = () => Date.now();
  const transaction = <T>(fn: () => T): T => sqlite.transaction(fn)();
  const cards = rateCardRepo(sqlite);
  cards.ensure(loadDefaultRateCard(), JSON.stringify(defaults), new Date().toISOString());
  const book = new RateCardBook(cards.loadAll());
  const alerts = alertRepo(sqlite);
  const outbox = outboxPublisher(alerts, deps.durable, logger);
  // Deferred: a kick from inside a transaction must not read the outbox before the commit.
  let closed = false;
  const flushOutbox = () => void setImmediate(() => closed || outbox.kick());
  const budgets = budgetRepo(sqlite);
  const tracker = new BudgetTracker({ budgets, alerts, spend: spendRepo(sqlite), now, transaction });
  tracker.load(budgets.all());
  const c: CostContext = { sqlite, book, cards, analytics: analyticsRepo(sqlite), budgets, alerts, recommendations: recommendationRepo(sqlite), tracker, flushOutbox, now, logger };
  const ticks = tickAccumulator(nc, config.COST_TICK_MS);
  const consumed = new Counter({ name: 'cost_usage_records_total', help: 'Usage records consumed', labelNames: ['outcome', 'redelivered'], registers: [deps.metrics.registry] });
  const ingest = usageIngest({ writer: usageWriter(sqlite), book, budgets: tracker, transaction, now, logger, onStored: ticks.add, afterCommit: flushOutbox });
  const consumer = consumeDurableBatches(nc, {
    stream: USAGE_STREAM.name,
    durable: 'cost',
    filterSubject: 'usage.*',
    schema: UsageRecord,
    logger,
    maxBatch: config.INGEST_BATCH,
    ackWaitMs: config.INGEST_ACK_WAIT_MS,
    handler: (items) => {
      const out = ingest(items.map((i) => i.payload));
      const redelivered = items.some((i) => i.redelivered) ? 'yes' : 'no';
      for (const outcome of ['stored', 'duplicates', 'rejected'] as const) if (out[outcome]) consumed.inc({ outcome, redelivered }, out[outcome]);
    },
  });
  const rpcs = bindRpcs(nc, c);
  const timers = [
    setInterval(() => (tracker.tick(), flushOutbox()), config.BUDGET_TIMER_MS),
    setInterval(() => ticks.flush(), config.COST_TICK_MS),
  ];
  flushOutbox();
  return {
    health: () => ({ db: dbCheck(db) }),
    async stop() {
      timers.forEach(clearInterval);
      rpcs.forEach((r) => r.stop());
      await consumer.stop();
      await outbox.idle();
      closed = true;
      db.$client.close();
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
