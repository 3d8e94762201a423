/** Opens the cost database and builds what the handlers share: repos, rate cards, budget tracker, outbox. */
import { fileURLToPath } from 'node:url';
import { dbCheck, openDb, serviceDbFile, type DurablePublisher, type Logger } from '@flywheel/kit';
import defaults from '../rate-cards/default.litellm.json' with { type: 'json' };
import * as schema from './db/schema.ts';
import { loadDefaultRateCard, RateCardBook } from './domain/index.ts';
import { alertRepo } from './db/alert-repo.ts';
import { analyticsRepo } from './db/analytics-repo.ts';
import { budgetRepo } from './db/budget-repo.ts';
import { rateCardRepo } from './db/rate-card-repo.ts';
import { recommendationRepo } from './db/recommendation-repo.ts';
import { spendRepo } from './db/spend-repo.ts';
import { BudgetTracker } from './budgets/budget-tracker.ts';
import { outboxPublisher } from './ingest/outbox-publisher.ts';
import type { CostContext } from './handlers/context.ts';

const MIGRATIONS = fileURLToPath(new URL('../drizzle', import.meta.url));

export interface CostStore {
  context: CostContext;
  transaction: <T>(fn: () => T) => T;
  health(): 'ok' | 'error';
  close(): Promise<void>;
}

export function openCostStore(dataDir: string, durable: DurablePublisher, logger: Logger): CostStore {
  const db = openDb(serviceDbFile(dataDir, 'cost'), { schema, migrationsFolder: MIGRATIONS });
  const sqlite = db.$client;
  const now = () => Date.now();
  const transaction = <T>(fn: () => T): T => sqlite.transaction(fn)();
  const cards = rateCardRepo(sqlite);
  cards.ensure(loadDefaultRateCard(), JSON.stringify(defaults), new Date().toISOString());
  const alerts = alertRepo(sqlite);
  const outbox = outboxPublisher(alerts, durable, logger);
  let closed = false;
  // Deferred: a kick from inside a transaction must not read the outbox before the commit.
  const flushOutbox = () => void setImmediate(() => closed || outbox.kick());
  const budgets = budgetRepo(sqlite);
  const tracker = new BudgetTracker({ budgets, alerts, spend: spendRepo(sqlite), now, transaction });
  tracker.load(budgets.all());
  const context: CostContext = {
    sqlite, book: new RateCardBook(cards.loadAll()), cards, analytics: analyticsRepo(sqlite), budgets, alerts,
    recommendations: recommendationRepo(sqlite), tracker, flushOutbox, now, logger,
  };
  return {
    context,
    transaction,
    health: () => dbCheck(db),
    async close() {
      await outbox.idle();
      closed = true;
      sqlite.close();
    },
  };
}
