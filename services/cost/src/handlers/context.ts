/** What the handlers share, built once by service.ts. */
import type { Logger } from '@flywheel/kit';
import type { RateCardBook } from '../domain/index.ts';
import type { AnalyticsRepo } from '../db/analytics-repo.ts';
import type { AlertRepo } from '../db/alert-repo.ts';
import type { BudgetRepo } from '../db/budget-repo.ts';
import type { RateCardRepo } from '../db/rate-card-repo.ts';
import type { RecommendationRepo } from '../db/recommendation-repo.ts';
import type { Sqlite } from '../db/sqlite.ts';
import type { BudgetTracker } from '../budgets/budget-tracker.ts';

export interface CostContext {
  sqlite: Sqlite;
  book: RateCardBook;
  cards: RateCardRepo;
  analytics: AnalyticsRepo;
  budgets: BudgetRepo;
  alerts: AlertRepo;
  recommendations: RecommendationRepo;
  tracker: BudgetTracker;
  /** Publish whatever the last transaction put in the outbox. */
  flushOutbox: () => void;
  now: () => number;
  logger: Logger;
}
