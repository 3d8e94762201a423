/**
 * Daily spend forecast with a prediction interval and a backtest.
 * Method by history length n (days, gaps filled with 0):
 * - n ≥ 14 (two full weeks): Holt-Winters, additive trend + weekly seasonality;
 * - 3 ≤ n < 14: Holt's linear trend;
 * - n < 3: the mean of what there is, interval from its sample deviation: ± z·s·√(1 + 1/n).
 * Interval: mean ± z·σ_h, z = 1.2816 (80%) or 1.9600 (95%), σ_h from exponential-smoothing.ts;
 * mean and bounds are clamped at 0 (spend is never negative) and rounded to whole micros.
 * Backtest: refit on all but the last 7 days with the same rule, forecast those 7 and report
 * the MAPE (%) over the held-out days that spent something (null when none did or n < 10).
 */
import { AppError } from '@flywheel/contracts/errors';
import { addDays, toDailyValues, type DailyCost } from './daily-series.ts';
import { fitSmoothing, SEASON, type SmoothingParams } from './exponential-smoothing.ts';
import type { Micros } from './money.ts';

export type ForecastMethod = 'holt_winters' | 'holt' | 'mean';

export interface ForecastOptions {
  horizonDays: number;
  confidence: 0.8 | 0.95;
  /** Last day the history covers (days after the last record count as 0); default: last record. */
  asOf?: string;
}

export interface ForecastPoint {
  day: string;
  mean: Micros;
  lower: Micros;
  upper: Micros;
}

export interface Forecast {
  method: ForecastMethod;
  points: ForecastPoint[];
  backtest: { mape: number | null; heldOutDays: number };
  /** Fitted smoothing parameters and residual deviation (µ$), for transparency. */
  fit: { params: SmoothingParams | null; sigma: number };
}

const Z: Record<ForecastOptions['confidence'], number> = { 0.8: 1.2816, 0.95: 1.96 };
const HELD_OUT = 7;
const MAX_HORIZON = 366;

interface Projection {
  method: ForecastMethod;
  means: number[];
  sds: number[];
  params: SmoothingParams | null;
  sigma: number;
}

/** Forecasts daily spend `horizonDays` ahead of the last day of `series`. */
export function forecastDaily(series: readonly DailyCost[], options: ForecastOptions): Forecast {
  const { horizonDays, confidence } = options;
  if (!Number.isInteger(horizonDays) || horizonDays < 1 || horizonDays > MAX_HORIZON)
    throw new AppError('BAD_REQUEST', `horizonDays must be an integer from 1 to ${MAX_HORIZON}`);
  if (!(confidence in Z)) throw new AppError('BAD_REQUEST', 'confidence must be 0.8 or 0.95');
  const { firstDay, values } = toDailyValues(series, options.asOf);
  if (firstDay === null) throw new AppError('BAD_REQUEST', 'an empty series needs asOf to place the forecast');
  const projection = project(values, horizonDays);
  const lastDay = addDays(firstDay, values.length - 1);
  const points = projection.means.map((mean, i) => {
    const spread = Z[confidence] * projection.sds[i]!;
    return { day: addDays(lastDay, i + 1), mean: whole(mean), lower: whole(mean - spread), upper: whole(mean + spread) };
  });
  return { method: projection.method, points, backtest: backtest(values), fit: { params: projection.params, sigma: projection.sigma } };
}

function project(values: readonly number[], horizon: number): Projection {
  if (values.length >= 3) {
    const seasonal = values.length >= 2 * SEASON;
    const fit = fitSmoothing(values, seasonal);
    const sds = Array.from({ length: horizon }, (_, i) => fit.errorSd(i + 1));
    return { method: seasonal ? 'holt_winters' : 'holt', means: fit.forecast(horizon), sds, params: fit.params, sigma: fit.sigma };
  }
  const n = values.length;
  const mean = n === 0 ? 0 : values.reduce((a, b) => a + b, 0) / n;
  const sd = n < 2 ? 0 : Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1));
  const spread = n === 0 ? 0 : sd * Math.sqrt(1 + 1 / n);
  return { method: 'mean', means: Array(horizon).fill(mean), sds: Array(horizon).fill(spread), params: null, sigma: sd };
}

/** MAPE (%) of a 7-day forecast fitted on all but the last 7 days. */
export function backtest(values: readonly number[]): Forecast['backtest'] {
  if (values.length < HELD_OUT + 3) return { mape: null, heldOutDays: 0 };
  const train = values.slice(0, -HELD_OUT);
  const actual = values.slice(-HELD_OUT);
  const predicted = project(train, HELD_OUT).means.map((v) => Math.max(0, v));
  const errors = actual.flatMap((a, i) => (a > 0 ? [Math.abs(a - predicted[i]!) / a] : []));
  const mape = errors.length === 0 ? null : (100 * errors.reduce((x, y) => x + y, 0)) / errors.length;
  return { mape, heldOutDays: HELD_OUT };
}

function whole(value: number): Micros {
  return Math.max(0, Math.round(value));
}
