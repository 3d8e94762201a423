/** Serves every cost RPC in the `cost` queue group. */
import { budgetCheckRpc, costRpcs, type RpcDescriptor } from '@flywheel/contracts';
import { serve, type NatsConnection, type RpcHandler } from '@flywheel/kit';
import type { z } from 'zod';
import type { CostContext } from '../runtime/cost-context.ts';
import { estimate, importRateCard, listRateCards, reprice } from './pricing-handlers.ts';
import { records, summary, timeseries, top } from './analytics-handlers.ts';
import { budgetAlerts, checkBudget, createBudget, deleteBudget, getBudget, listBudgets, updateBudget } from './budget-handlers.ts';
import { forecast, listRecommendations, refreshRecommendations, setRecommendationStatus } from './advice-handlers.ts';
import { ownAccount } from './caller-account.ts';

export function bindRpcs(nc: NatsConnection, c: CostContext): { stop(): void }[] {
  const subs: { stop(): void }[] = [];
  const on = <Req extends z.ZodType, Res extends z.ZodType>(rpc: RpcDescriptor<Req, Res>, h: RpcHandler<Req, Res>) =>
    subs.push(serve(nc, rpc, h, { logger: c.logger, queue: 'cost' }));
  on(budgetCheckRpc, (s) => checkBudget(c, s));
  on(costRpcs.estimate, (r) => estimate(c, r));
  on(costRpcs.rateCardImport, (r) => importRateCard(c, r));
  on(costRpcs.rateCardList, () => listRateCards(c));
  on(costRpcs.reprice, (r) => reprice(c, r));
  // Spend is per account: a limited caller's filter is forced to its own account (see caller-account.ts).
  on(costRpcs.records, (q, ctx) => records(c, ownAccount(ctx, q)));
  on(costRpcs.summary, (q, ctx) => summary(c, ownAccount(ctx, q)));
  on(costRpcs.timeseries, (q, ctx) => timeseries(c, ownAccount(ctx, q)));
  on(costRpcs.top, (q, ctx) => top(c, ownAccount(ctx, q)));
  on(costRpcs.budgetCreate, (b, ctx) => createBudget(c, b, ctx));
  on(costRpcs.budgetList, (_r, ctx) => listBudgets(c, ctx));
  on(costRpcs.budgetGet, (r, ctx) => getBudget(c, r.id, ctx));
  on(costRpcs.budgetUpdate, (r, ctx) => updateBudget(c, r.id, r.patch, ctx));
  on(costRpcs.budgetDelete, (r, ctx) => deleteBudget(c, r.id, ctx));
  on(costRpcs.budgetAlerts, (r, ctx) => budgetAlerts(c, r.budgetId, r.limit, ctx));
  on(costRpcs.forecast, (q, ctx) => forecast(c, ownAccount(ctx, q)));
  on(costRpcs.recommendationsRefresh, (r, ctx) => refreshRecommendations(c, r.days, ctx));
  on(costRpcs.recommendationsList, (r, ctx) => listRecommendations(c, r.status, ctx));
  on(costRpcs.recommendationSetStatus, (r, ctx) => setRecommendationStatus(c, r.id, r.status, ctx));
  return subs;
}
