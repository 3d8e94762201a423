import { z } from 'zod';
import { Estimate, EstimateRequest, RateCardImport, RateCardInfo, RepriceRequest, RepriceResult } from '../cost-pricing.ts';
import { ForecastQuery, ForecastReply, RecordsPage, RecordsQuery, Summary, SummaryQuery, Timeseries, TimeseriesQuery, TopQuery } from '../cost-analytics.ts';
import { Budget, BudgetAlert, BudgetInput, BudgetUpdate, RecommendationStatus, RecommendationView } from '../cost-budgets.ts';
import { routesOf } from './route.ts';

const route = routesOf('cost');
const P = '/api/v1/cost-analytics';

export const CostById = z.object({ id: z.string().min(1).max(100) });
export const BudgetAlertsQuery = z.object({ budgetId: z.string().max(100).optional(), limit: z.coerce.number().int().min(1).max(1000).default(100) });
export const RecordsExportQuery = RecordsQuery.omit({ cursor: true, limit: true });
export const RecommendationsRefresh = z.object({ days: z.number().int().min(1).max(90).default(30) });
export const RecommendationsQuery = z.object({ status: RecommendationStatus.optional() });
export const RecommendationStatusSet = z.object({ status: RecommendationStatus });
const Items = <T extends z.ZodType>(t: T) => z.object({ items: z.array(t) });

/** /api/v1/cost-analytics: pricing, analytics, budgets, forecasts and recommendations (docs/cost.md). */
export const costRoutes = {
  estimate: route({
    method: 'POST',
    path: `${P}/estimate`,
    summary: 'Price token counts for a model',
    access: 'viewer',
    body: EstimateRequest,
    reply: Estimate,
  }),
  rateCardImport: route({
    method: 'POST',
    path: `${P}/rate-cards`,
    summary: 'Import a rate card (LiteLLM format)',
    access: 'admin',
    body: RateCardImport,
    reply: RateCardInfo,
    status: 201,
    errors: ['CONFLICT'],
  }),
  rateCardList: route({ method: 'GET', path: `${P}/rate-cards`, summary: 'Rate cards and their versions', access: 'viewer', reply: Items(RateCardInfo) }),
  reprice: route({
    method: 'POST',
    path: `${P}/reprice`,
    summary: 'Reprice stored records with another rate card',
    access: 'admin',
    body: RepriceRequest,
    reply: RepriceResult,
    errors: ['NOT_FOUND'],
  }),
  records: route({
    method: 'GET',
    path: `${P}/records`,
    summary: 'Priced usage records, newest first',
    access: 'viewer',
    query: RecordsQuery,
    reply: RecordsPage,
  }),
  summary: route({
    method: 'GET',
    path: `${P}/summary`,
    summary: 'Spend grouped by agent, model, account, project or day',
    access: 'viewer',
    query: SummaryQuery,
    reply: Summary,
  }),
  timeseries: route({ method: 'GET', path: `${P}/timeseries`, summary: 'Spend per hour or day', access: 'viewer', query: TimeseriesQuery, reply: Timeseries }),
  top: route({ method: 'GET', path: `${P}/top`, summary: 'Top spenders', access: 'viewer', query: TopQuery, reply: Summary }),
  exportCsv: route({
    method: 'GET',
    path: `${P}/export.csv`,
    summary: 'Every matching record as CSV',
    access: 'viewer',
    query: RecordsExportQuery,
    reply: z.string(),
    produces: 'text/csv',
  }),
  budgetCreate: route({ method: 'POST', path: `${P}/budgets`, summary: 'Create a budget', access: 'admin', body: BudgetInput, reply: Budget, status: 201 }),
  budgetList: route({ method: 'GET', path: `${P}/budgets`, summary: 'Budgets', access: 'viewer', reply: Items(Budget) }),
  budgetAlerts: route({
    method: 'GET',
    path: `${P}/budgets/alerts`,
    summary: 'Budget threshold alerts',
    access: 'viewer',
    query: BudgetAlertsQuery,
    reply: Items(BudgetAlert),
  }),
  budgetGet: route({
    method: 'GET',
    path: `${P}/budgets/:id`,
    summary: 'One budget',
    access: 'viewer',
    params: CostById,
    reply: Budget,
    errors: ['NOT_FOUND'],
  }),
  budgetUpdate: route({
    method: 'PATCH',
    path: `${P}/budgets/:id`,
    summary: 'Change a budget',
    access: 'admin',
    params: CostById,
    body: BudgetUpdate,
    reply: Budget,
    errors: ['NOT_FOUND'],
  }),
  budgetDelete: route({
    method: 'DELETE',
    path: `${P}/budgets/:id`,
    summary: 'Delete a budget',
    access: 'admin',
    params: CostById,
    reply: z.object({ deleted: z.boolean() }),
    errors: ['NOT_FOUND'],
  }),
  forecast: route({
    method: 'GET',
    path: `${P}/forecast`,
    summary: 'Spend forecast with its interval',
    access: 'viewer',
    query: ForecastQuery,
    reply: ForecastReply,
  }),
  recommendationsRefresh: route({
    method: 'POST',
    path: `${P}/recommendations/refresh`,
    summary: 'Recompute cost recommendations',
    access: 'operator',
    body: RecommendationsRefresh,
    reply: Items(RecommendationView),
  }),
  recommendationsList: route({
    method: 'GET',
    path: `${P}/recommendations`,
    summary: 'Cost recommendations',
    access: 'viewer',
    query: RecommendationsQuery,
    reply: Items(RecommendationView),
  }),
  recommendationSetStatus: route({
    method: 'POST',
    path: `${P}/recommendations/:id/status`,
    summary: 'Mark a recommendation applied or dismissed',
    access: 'operator',
    params: CostById,
    body: RecommendationStatusSet,
    reply: RecommendationView,
    errors: ['NOT_FOUND'],
  }),
} as const;
