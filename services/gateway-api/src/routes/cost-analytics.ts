import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import {
  BudgetInput, BudgetUpdate, costRpcs, CostRecordView, EstimateRequest, ForecastQuery, RateCardImport, RecommendationStatus, RecordsQuery,
  RepriceRequest, SummaryQuery, TimeseriesQuery, TopQuery,
} from '@flywheel/contracts';
import type { ApiDeps } from './deps.ts';
import { body, params, query } from '../http/validate.ts';

const ById = z.object({ id: z.string().min(1).max(100) });
const AlertsQuery = z.object({ budgetId: z.string().max(100).optional(), limit: z.coerce.number().int().min(1).max(1000).default(100) });
const CSV_COLUMNS = ['ts', 'messageId', 'agentId', 'accountId', 'projectId', 'runnerId', 'model', 'matchedModel', 'matchKind', 'inputTokens',
  'outputTokens', 'cacheReadTokens', 'cacheWrite5mTokens', 'cacheWrite1hTokens', 'costMicros', 'costUsd', 'reportedCostMicros', 'divergent',
  'rateCardId', 'rateCardVersion'];

const csvCell = (v: unknown) => {
  const s = v === undefined || v === null ? '' : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};

const csvRow = (r: CostRecordView) =>
  [r.ts, r.messageId, r.agentId, r.accountId, r.projectId, r.runnerId, r.model, r.matchedModel, r.matchKind, r.tokens.input, r.tokens.output,
    r.tokens.cacheRead, r.tokens.cacheWrite5m, r.tokens.cacheWrite1h, r.costMicros, r.costUsd, r.reportedCostMicros, r.divergent, r.rateCardId,
    r.rateCardVersion].map(csvCell).join(',');

/** /api/v1/cost-analytics: pricing, analytics, budgets, forecasts and recommendations (docs/cost.md). */
export function costRoutes(deps: ApiDeps): Router {
  const r = Router();
  const call = deps.peer('cost');
  // The caller's account travels as x-account-id once an auth middleware has set req.principal.
  const ctx = (req: Request) => ({ requestId: req.requestId, accountId: req.principal?.accountId });
  const P = '/cost-analytics';

  r.post(`${P}/estimate`, async (req, res) => void res.json(await call(costRpcs.estimate, body(req, EstimateRequest), ctx(req))));
  r.post(`${P}/rate-cards`, async (req, res) => void res.status(201).json(await call(costRpcs.rateCardImport, body(req, RateCardImport), ctx(req))));
  r.get(`${P}/rate-cards`, async (req, res) => void res.json(await call(costRpcs.rateCardList, {}, ctx(req))));
  r.post(`${P}/reprice`, async (req, res) => void res.json(await call(costRpcs.reprice, body(req, RepriceRequest), ctx(req))));
  r.get(`${P}/records`, async (req, res) => void res.json(await call(costRpcs.records, query(req, RecordsQuery), ctx(req))));
  r.get(`${P}/summary`, async (req, res) => void res.json(await call(costRpcs.summary, query(req, SummaryQuery), ctx(req))));
  r.get(`${P}/timeseries`, async (req, res) => void res.json(await call(costRpcs.timeseries, query(req, TimeseriesQuery), ctx(req))));
  r.get(`${P}/top`, async (req, res) => void res.json(await call(costRpcs.top, query(req, TopQuery), ctx(req))));
  r.get(`${P}/export.csv`, async (req, res) => exportCsv(req, res, query(req, RecordsQuery.omit({ cursor: true, limit: true }))));

  r.post(`${P}/budgets`, async (req, res) => void res.status(201).json(await call(costRpcs.budgetCreate, body(req, BudgetInput), ctx(req))));
  r.get(`${P}/budgets`, async (req, res) => void res.json(await call(costRpcs.budgetList, {}, ctx(req))));
  r.get(`${P}/budgets/alerts`, async (req, res) => void res.json(await call(costRpcs.budgetAlerts, query(req, AlertsQuery), ctx(req))));
  r.get(`${P}/budgets/:id`, async (req, res) => void res.json(await call(costRpcs.budgetGet, params(req, ById), ctx(req))));
  r.patch(`${P}/budgets/:id`, async (req, res) => {
    res.json(await call(costRpcs.budgetUpdate, { ...params(req, ById), patch: body(req, BudgetUpdate) }, ctx(req)));
  });
  r.delete(`${P}/budgets/:id`, async (req, res) => void res.json(await call(costRpcs.budgetDelete, params(req, ById), ctx(req))));

  r.get(`${P}/forecast`, async (req, res) => void res.json(await call(costRpcs.forecast, query(req, ForecastQuery), ctx(req))));
  r.post(`${P}/recommendations/refresh`, async (req, res) => {
    res.json(await call(costRpcs.recommendationsRefresh, body(req, z.object({ days: z.number().int().min(1).max(90).default(30) })), ctx(req)));
  });
  r.get(`${P}/recommendations`, async (req, res) => {
    res.json(await call(costRpcs.recommendationsList, query(req, z.object({ status: RecommendationStatus.optional() })), ctx(req)));
  });
  r.post(`${P}/recommendations/:id/status`, async (req, res) => {
    res.json(await call(costRpcs.recommendationSetStatus, { ...params(req, ById), ...body(req, z.object({ status: RecommendationStatus })) }, ctx(req)));
  });

  /** Streams every matching record, newest first, a page of 1000 at a time. */
  async function exportCsv(req: Request, res: Response, filter: Omit<RecordsQuery, 'cursor' | 'limit'>) {
    const first = await call(costRpcs.records, { ...filter, limit: 1000 }, ctx(req));
    res.setHeader('content-type', 'text/csv; charset=utf-8');
    res.setHeader('content-disposition', 'attachment; filename="cost-records.csv"');
    res.write(`${CSV_COLUMNS.join(',')}\n`);
    let page = first;
    for (;;) {
      if (page.items.length) res.write(`${page.items.map(csvRow).join('\n')}\n`);
      if (!page.nextCursor) break;
      page = await call(costRpcs.records, { ...filter, limit: 1000, cursor: page.nextCursor }, ctx(req));
    }
    res.end();
  }
  return r;
}
