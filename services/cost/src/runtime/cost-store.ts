/** Builds what the handlers share on the cost database: repos, rate cards, budget tracker, outbox. */
import type { Db, DurablePublisher, Logger } from '@flywheel/kit';
import defaults from '../../rate-cards/default.litellm.json' with { type: 'json' };
import type * as schema from '../db/schema.ts';
import { loadDefaultRateCard, RateCardBook } from '../domain/index.ts';
import { createAlertRepo } from '../db/alert-repo.ts';
import { createAnalyticsRepo } from '../db/analytics-repo.ts';
import { createBudgetRepo } from '../db/budget-repo.ts';
import { createRateCardRepo } from '../db/rate-card-repo.ts';
import { createRecommendationRepo } from '../db/recommendation-repo.ts';
import { createRepriceRepo } from '../db/reprice-repo.ts';
import { createSpendRepo } from '../db/spend-repo.ts';
import { createUsageRepo } from '../db/usage-repo.ts';
import { BudgetTracker } from './budget-tracker.ts';
import { outboxPublisher } from './outbox-publisher.ts';
import type { CostContext } from './cost-context.ts';

export interface CostStore {
  context: CostContext;
  transaction: <T>(fn: () => T) => T;
  /** Lets the outbox finish; the kit closes the database afterwards. */
  close(): Promise<void>;
}

export function openCostStore(db: Db<typeof schema>, durable: DurablePublisher, logger: Logger): CostStore {
  const sqlite = db.$client;
  const now = () => Date.now();
  const transaction = <T>(fn: () => T): T => sqlite.transaction(fn)();
  const cards = createRateCardRepo(db);
  cards.ensure(loadDefaultRateCard(), JSON.stringify(defaults), new Date().toISOString());
  const alerts = createAlertRepo(db);
  const outbox = outboxPublisher(alerts, durable, logger);
  let closed = false;
  // Deferred: a kick from inside a transaction must not read the outbox before the commit.
  const flushOutbox = () => void setImmediate(() => closed || outbox.kick());
  const budgets = createBudgetRepo(db);
  const spend = createSpendRepo(db);
  const tracker = new BudgetTracker({ budgets, alerts, spend, now, transaction });
  tracker.load(budgets.all());
  const context: CostContext = {
    book: new RateCardBook(cards.loadAll()),
    cards,
    analytics: createAnalyticsRepo(db),
    budgets,
    alerts,
    spend,
    recommendations: createRecommendationRepo(db),
    usage: createUsageRepo(db),
    reprice: createRepriceRepo(db),
    tracker,
    flushOutbox,
    now,
    logger,
  };
  return {
    context,
    transaction,
    async close() {
      await outbox.idle();
      closed = true;
    },
  };
}
