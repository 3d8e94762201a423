/**
 * services/cost domain: pure pricing, rate cards, model matching, forecasts, recommendations
 * and budget arithmetic. No I/O; every function is deterministic in its arguments.
 */
export * from './money.ts';
export * from './usage.ts';
export * from './litellm-schema.ts';
export * from './rate-card.ts';
export * from './default-rate-card.ts';
export * from './model-id.ts';
export * from './model-match.ts';
export * from './pricing.ts';
export * from './round-line-items.ts';
export * from './reprice.ts';
export * from './reported-cost.ts';
export * from './daily-series.ts';
export * from './exponential-smoothing.ts';
export * from './forecast.ts';
export * from './recommendation-types.ts';
export * from './recommendations.ts';
export * from './recommendation-status.ts';
export * from './budget.ts';
export * from './budget-period.ts';
export * from './budget-scope.ts';
export * from './cost-record.ts';
export * from './rate-card-book.ts';
export * from './budget-def.ts';
export * from './spend-totals.ts';
export * from './budget-alert.ts';
export * from './cost-tick.ts';
export * from './cost-owner.ts';
