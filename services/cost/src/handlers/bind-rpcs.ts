/** Serves every cost RPC in the `cost` queue group. */
import { budgetCheckRpc, costRpcs, type RpcDescriptor } from '@flywheel/contracts';
import { serve, type NatsConnection, type RpcHandler } from '@flywheel/kit';
import type { z } from 'zod';
import type { CostContext } from './context.ts';
import { estimate, importRateCard, listRateCards, reprice } from './pricing-handlers.ts';
import { records, summary, timeseries, top } from './analytics-handlers.ts';
import { budgetAlerts, checkBudget, createBudget, deleteBudget, getBudget, listBudgets, updateBudget } from './budget-handlers.ts';
import { forecast, listRecommendations, refreshRecommendations, setRecommendationStatus } from './advice-handlers.ts';

export function bindRpcs(nc: NatsConnection, c: CostContext): { stop(): void }[] {
  const subs: { stop(): void }[] = [];
  const on = <Req extends z.ZodType, Res extends z.ZodType>(rpc: RpcDescriptor<Req, Res>, h: RpcHandler<Req, Res>) =>
    subs.push(serve(nc, rpc, h, { logger: c.logger, queue: 'cost' }));
  on(budgetCheckRpc, (s) => checkBudget(c, s));
  on(costRpcs.estimate, (r) => estimate(c, r));
  on(costRpcs.rateCardImport, (r) => importRateCard(c, r));
  on(costRpcs.rateCardList, () => listRateCards(c));
  on(costRpcs.reprice, (r) => reprice(c, r));
  on(costRpcs.records, (q) => records(c, q));
  on(costRpcs.summary, (q) => summary(c, q));
  on(costRpcs.timeseries, (q) => timeseries(c, q));
  on(costRpcs.top, (q) => top(c, q));
  on(costRpcs.budgetCreate, (b) => createBudget(c, b));
  on(costRpcs.budgetList, () => listBudgets(c));
  on(costRpcs.budgetGet, (r) => getBudget(c, r.id));
  on(costRpcs.budgetUpdate, (r) => updateBudget(c, r.id, r.patch));
  on(costRpcs.budgetDelete, (r) => deleteBudget(c, r.id));
  on(costRpcs.budgetAlerts, (r) => budgetAlerts(c, r.budgetId, r.limit));
  on(costRpcs.forecast, (q) => forecast(c, q));
  on(costRpcs.recommendationsRefresh, (r) => refreshRecommendations(c, r.days));
  on(costRpcs.recommendationsList, (r) => listRecommendations(c, r.status));
  on(costRpcs.recommendationSetStatus, (r) => setRecommendationStatus(c, r.id, r.status));
  return subs;
}
