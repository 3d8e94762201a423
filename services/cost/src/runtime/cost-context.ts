/** What the handlers and ingest share, built once by the cost store. */
import type { Logger } from '@flywheel/kit';
import type { RateCardBook } from '../domain/index.ts';
import type { AnalyticsRepo } from '../db/analytics-repo.ts';
import type { AlertRepo } from '../db/alert-repo.ts';
import type { BudgetRepo } from '../db/budget-repo.ts';
import type { RateCardRepo } from '../db/rate-card-repo.ts';
import type { RecommendationRepo } from '../db/recommendation-repo.ts';
import type { RepriceRepo } from '../db/reprice-repo.ts';
import type { SpendRepo } from '../db/spend-repo.ts';
import type { UsageRepo } from '../db/usage-repo.ts';
import type { BudgetTracker } from './budget-tracker.ts';

export interface CostContext {
  book: RateCardBook;
  cards: RateCardRepo;
  analytics: AnalyticsRepo;
  budgets: BudgetRepo;
  alerts: AlertRepo;
  /** Period spend, and which account an agent spends for (budget and alert visibility). */
  spend: SpendRepo;
  recommendations: RecommendationRepo;
  usage: UsageRepo;
  reprice: RepriceRepo;
  tracker: BudgetTracker;
  /** Publish whatever the last transaction put in the outbox. */
  flushOutbox: () => void;
  now: () => number;
  logger: Logger;
}
