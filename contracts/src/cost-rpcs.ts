import { z } from 'zod';
import { defineRpc } from './descriptors.ts';
import { Estimate, EstimateRequest, RateCardImport, RateCardInfo, RepriceRequest, RepriceResult } from './cost-pricing.ts';
import { ForecastQuery, ForecastReply, RecordsPage, RecordsQuery, Summary, SummaryQuery, Timeseries, TimeseriesQuery, TopQuery } from './cost-analytics.ts';
import { Budget, BudgetAlert, BudgetInput, BudgetUpdate, RecommendationStatus, RecommendationView } from './cost-budgets.ts';

const ById = z.object({ id: z.string().min(1).max(100) });
const Limit = z.coerce.number().int().min(1).max(1000).default(100);

/** Every cost RPC the gateway calls (`svc.cost.*`); the REST mapping is in docs/cost.md. */
export const costRpcs = {
  estimate: defineRpc({ subject: 'svc.cost.estimate', request: EstimateRequest, reply: Estimate }),
  rateCardImport: defineRpc({ subject: 'svc.cost.rate-cards.import', request: RateCardImport, reply: RateCardInfo }),
  rateCardList: defineRpc({ subject: 'svc.cost.rate-cards.list', request: z.object({}), reply: z.object({ items: z.array(RateCardInfo) }) }),
  reprice: defineRpc({ subject: 'svc.cost.reprice', request: RepriceRequest, reply: RepriceResult, timeoutMs: 60_000 }),
  records: defineRpc({ subject: 'svc.cost.records', request: RecordsQuery, reply: RecordsPage }),
  summary: defineRpc({ subject: 'svc.cost.summary', request: SummaryQuery, reply: Summary }),
  timeseries: defineRpc({ subject: 'svc.cost.timeseries', request: TimeseriesQuery, reply: Timeseries }),
  top: defineRpc({ subject: 'svc.cost.top', request: TopQuery, reply: Summary }),
  budgetCreate: defineRpc({ subject: 'svc.cost.budgets.create', request: BudgetInput, reply: Budget }),
  budgetList: defineRpc({ subject: 'svc.cost.budgets.list', request: z.object({}), reply: z.object({ items: z.array(Budget) }) }),
  budgetGet: defineRpc({ subject: 'svc.cost.budgets.get', request: ById, reply: Budget }),
  budgetUpdate: defineRpc({ subject: 'svc.cost.budgets.update', request: ById.extend({ patch: BudgetUpdate }), reply: Budget }),
  budgetDelete: defineRpc({ subject: 'svc.cost.budgets.delete', request: ById, reply: z.object({ deleted: z.boolean() }) }),
  budgetAlerts: defineRpc({
    subject: 'svc.cost.budgets.alerts',
    request: z.object({ budgetId: z.string().max(100).optional(), limit: Limit }),
    reply: z.object({ items: z.array(BudgetAlert) }),
  }),
  forecast: defineRpc({ subject: 'svc.cost.forecast', request: ForecastQuery, reply: ForecastReply, timeoutMs: 10_000 }),
  recommendationsRefresh: defineRpc({
    subject: 'svc.cost.recommendations.refresh',
    request: z.object({ days: z.coerce.number().int().min(1).max(90).default(30) }),
    reply: z.object({ items: z.array(RecommendationView) }),
    timeoutMs: 30_000,
  }),
  recommendationsList: defineRpc({
    subject: 'svc.cost.recommendations.list',
    request: z.object({ status: RecommendationStatus.optional() }),
    reply: z.object({ items: z.array(RecommendationView) }),
  }),
  recommendationSetStatus: defineRpc({
    subject: 'svc.cost.recommendations.status',
    request: ById.extend({ status: RecommendationStatus }),
    reply: RecommendationView,
  }),
};
