/** Forecasts from the daily series, and recommendations with their status flow. */
import { createHash } from 'node:crypto';
import {
  AppError,
  canSeeAccount,
  limitedTo,
  type CallerScope,
  type ForecastQuery,
  type ForecastReply,
  type RecommendationStatus,
  type RecommendationView,
} from '@flywheel/contracts';
import { addDays, computeRecommendations, forecastDaily, recommendationOwner, transitionRecommendation, type Recommendation } from '../domain/index.ts';
import type { CostContext } from '../runtime/cost-context.ts';

const DAY_MS = 86_400_000;
/** Most records one refresh reads (the newest); the savings then cover that many. */
const RECOMMENDATION_RECORD_CAP = 200_000;

export function forecast(c: CostContext, q: ForecastQuery): ForecastReply {
  const asOf = q.asOf ?? new Date(c.now()).toISOString().slice(0, 10);
  const first = addDays(asOf, -(q.historyDays - 1));
  const { horizonDays, confidence, historyDays: _h, asOf: _a, ...filter } = q;
  const series = c.analytics.series({ ...filter, from: `${first}T00:00:00.000Z`, to: `${addDays(asOf, 1)}T00:00:00.000Z` }, DAY_MS);
  const history = series.map((p) => ({ day: new Date(p.t).toISOString().slice(0, 10), costMicros: p.costMicros }));
  const f = forecastDaily(history, { horizonDays, confidence, asOf });
  return { method: f.method, confidence, points: f.points, backtest: f.backtest, history };
}

const fingerprint = (r: Recommendation) =>
  `rec_${createHash('sha256')
    .update(JSON.stringify([r.kind, r.scope, r.context]))
    .digest('hex')
    .slice(0, 16)}`;

/** Recomputes advice over every account's records; each is stored with the one account it rests on, if any. */
export function refreshRecommendations(c: CostContext, days: number, ctx: CallerScope): { items: RecommendationView[] } {
  const records = c.recommendations.records(c.now() - days * DAY_MS, RECOMMENDATION_RECORD_CAP);
  const at = new Date(c.now()).toISOString();
  for (const r of computeRecommendations(records, c.book.latest())) c.recommendations.save(fingerprint(r), r, at, recommendationOwner(r.scope, records));
  return listRecommendations(c, undefined, ctx);
}

/** A limited caller sees the advice resting on its own account's records only; fleet-wide advice is admins'. */
export const listRecommendations = (c: CostContext, status: RecommendationStatus | undefined, ctx: CallerScope) => ({
  items: c.recommendations.list(status, limitedTo(ctx)),
});

/** pending → applied | dismissed; anything else is a CONFLICT (409); another account's (or fleet-wide, for a limited caller) is FORBIDDEN. */
export function setRecommendationStatus(c: CostContext, id: string, status: RecommendationStatus, ctx: CallerScope): RecommendationView {
  const current = c.recommendations.get(id);
  if (!current) throw new AppError('NOT_FOUND', `recommendation ${id} not found`);
  if (!canSeeAccount(ctx, current.accountId)) throw new AppError('FORBIDDEN', `recommendation ${id} is not this account's`);
  transitionRecommendation(current.status, status);
  c.recommendations.setStatus(id, status, new Date(c.now()).toISOString());
  return c.recommendations.get(id)!;
}
