/**
 * Exponential smoothing fitted by grid search on one-step-ahead squared error.
 * - Holt-Winters, additive trend and additive weekly seasonality (period m = 7), for ≥ 2 weeks.
 * - Holt's linear trend when there is less (3–13 days).
 * Variances of the h-step errors follow Hyndman et al., "Forecasting with Exponential
 * Smoothing" (2008), Table 6.1, class 1, rewritten for the classic parameters:
 *   Var(h) = σ² · (1 + Σ_{j=1}^{h-1} c_j²),  c_j = α(1 + jβ) + γ(1 − α)·[j mod m = 0]
 * (γ = 0 for Holt), where σ² is the one-step residual variance SSE / (N − p), p = parameter count.
 */

export interface SmoothingParams {
  alpha: number;
  beta: number;
  /** null for Holt's linear trend (no seasonality). */
  gamma: number | null;
}

export interface SmoothingFit {
  params: SmoothingParams;
  /** One-step residual standard deviation. */
  sigma: number;
  /** Point forecasts for 1..horizon steps after the last observation. */
  forecast: (horizon: number) => number[];
  /** Standard deviation of the h-step forecast error. */
  errorSd: (h: number) => number;
}

export const SEASON = 7;
const ALPHAS = [0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];
const BETAS = [0, 0.01, 0.05, 0.1, 0.2, 0.3];
const GAMMAS = [0, 0.05, 0.1, 0.2, 0.3, 0.5];

interface Run {
  sse: number;
  errors: number;
  forecast: (horizon: number) => number[];
}

/** Additive Holt-Winters recursion from a two-season initialisation; needs y.length ≥ 2m. */
function runHoltWinters(y: readonly number[], { alpha, beta, gamma }: SmoothingParams): Run {
  const m = SEASON;
  const mean1 = average(y.slice(0, m));
  let trend = (average(y.slice(m, 2 * m)) - mean1) / m;
  let level = mean1 + (trend * (m - 1)) / 2;
  const season = y.slice(0, m).map((v, i) => v - (mean1 + trend * (i - (m - 1) / 2)));
  let sse = 0;
  for (let t = m; t < y.length; t++) {
    const s = season[t % m]!;
    const error = y[t]! - (level + trend + s);
    sse += error * error;
    const previous = level;
    level = alpha * (y[t]! - s) + (1 - alpha) * (level + trend);
    trend = beta * (level - previous) + (1 - beta) * trend;
    season[t % m] = (gamma ?? 0) * (y[t]! - level) + (1 - (gamma ?? 0)) * s;
  }
  const n = y.length;
  return { sse, errors: n - m, forecast: (h) => Array.from({ length: h }, (_, i) => level + (i + 1) * trend + season[(n + i) % m]!) };
}

/** Holt's linear trend recursion; needs y.length ≥ 3. */
function runHolt(y: readonly number[], { alpha, beta }: SmoothingParams): Run {
  let level = y[1]!;
  let trend = y[1]! - y[0]!;
  let sse = 0;
  for (let t = 2; t < y.length; t++) {
    const error = y[t]! - (level + trend);
    sse += error * error;
    const previous = level;
    level = alpha * y[t]! + (1 - alpha) * (level + trend);
    trend = beta * (level - previous) + (1 - beta) * trend;
  }
  return { sse, errors: y.length - 2, forecast: (h) => Array.from({ length: h }, (_, i) => level + (i + 1) * trend) };
}

/** Fits Holt-Winters (seasonal) or Holt by grid search; the first minimum in grid order wins. */
export function fitSmoothing(y: readonly number[], seasonal: boolean): SmoothingFit {
  const run = seasonal ? runHoltWinters : runHolt;
  let best: { params: SmoothingParams; run: Run } | undefined;
  for (const alpha of ALPHAS) {
    for (const beta of BETAS) {
      for (const gamma of seasonal ? GAMMAS : [null]) {
        const params = { alpha, beta, gamma };
        const candidate = run(y, params);
        if (!best || candidate.sse < best.run.sse) best = { params, run: candidate };
      }
    }
  }
  const { params, run: fitted } = best!;
  const sigma = Math.sqrt(fitted.sse / Math.max(1, fitted.errors - (seasonal ? 3 : 2)));
  return { params, sigma, forecast: fitted.forecast, errorSd: (h) => sigma * Math.sqrt(varianceFactor(params, h)) };
}

/** 1 + Σ_{j=1}^{h-1} c_j² (see the header). */
export function varianceFactor({ alpha, beta, gamma }: SmoothingParams, h: number): number {
  let factor = 1;
  for (let j = 1; j < h; j++) {
    const c = alpha * (1 + j * beta) + (gamma ?? 0) * (1 - alpha) * (j % SEASON === 0 ? 1 : 0);
    factor += c * c;
  }
  return factor;
}

function average(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}
