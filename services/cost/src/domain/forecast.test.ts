import { describe, expect, it } from 'vitest';
import { addDays, type DailyCost } from './daily-series.ts';
import { forecastDaily } from './forecast.ts';
import { mulberry32 } from './seeded-random.test-support.ts';

const WEEKLY = [8, 8, 8, 8, 8, -12, -28].map((d) => d * 1e6);

/** The known signal: $40/day rising $0.50/day, weekdays +$8, Saturday −$12, Sunday −$28. */
const truthAt = (t: number) => 40e6 + 0.5e6 * t + WEEKLY[t % 7]!;

/** The signal plus uniform noise of ±$1.50 (2–4% of a day's spend) from a seeded PRNG. */
function synthetic(days: number, seed = 7): number[] {
  const rand = mulberry32(seed);
  return Array.from({ length: days }, (_, t) => Math.round(truthAt(t) + 3e6 * (rand() - 0.5)));
}

const series = (values: readonly number[], start = '2026-01-05'): DailyCost[] => values.map((costMicros, i) => ({ day: addDays(start, i), costMicros }));

describe('forecastDaily', () => {
  const history = 8 * 7;
  const all = synthetic(history + 14);
  const forecast = forecastDaily(series(all.slice(0, history)), { horizonDays: 14, confidence: 0.95 });

  it('uses Holt-Winters once there are two full weeks of history', () => {
    expect(forecast.method).toBe('holt_winters');
    expect(forecast.fit.params?.gamma).not.toBeNull();
  });

  it('keeps the true spend of the next 14 days inside the 95% interval', () => {
    forecast.points.forEach((p, i) => {
      expect(truthAt(history + i)).toBeGreaterThanOrEqual(p.lower);
      expect(truthAt(history + i)).toBeLessThanOrEqual(p.upper);
    });
  });

  it.each([
    [0.95, 0.9, 1],
    [0.8, 0.7, 0.9],
  ] as const)('covers about %s of the noisy observed days over 40 seeded series', (confidence, atLeast, atMost) => {
    let inside = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const observed = synthetic(history + 14, seed);
      const f = forecastDaily(series(observed.slice(0, history)), { horizonDays: 14, confidence });
      inside += f.points.filter((p, i) => observed[history + i]! >= p.lower && observed[history + i]! <= p.upper).length;
    }
    expect(inside / (40 * 14)).toBeGreaterThanOrEqual(atLeast);
    expect(inside / (40 * 14)).toBeLessThanOrEqual(atMost);
  });

  it('tracks trend and weekly seasonality closely (mean error under 3%)', () => {
    const truth = all.slice(history);
    const mape = forecast.points.reduce((sum, p, i) => sum + Math.abs(p.mean - truth[i]!) / truth[i]!, 0) / 14;
    expect(mape).toBeLessThan(0.03);
  });

  it('reports a small backtest MAPE on the held-out last week', () => {
    expect(forecast.backtest.heldOutDays).toBe(7);
    expect(forecast.backtest.mape).toBeLessThan(5);
  });

  it('labels the forecast days after the last observed day', () => {
    expect(forecast.points.map((p) => p.day).slice(0, 2)).toEqual([addDays('2026-01-05', history), addDays('2026-01-05', history + 1)]);
  });

  it('widens the interval with the horizon', () => {
    const width = (i: number) => forecast.points[i]!.upper - forecast.points[i]!.lower;
    expect(width(13)).toBeGreaterThan(width(0));
  });

  it('gives a narrower interval at 80% than at 95%', () => {
    const narrow = forecastDaily(series(all.slice(0, history)), { horizonDays: 1, confidence: 0.8 }).points[0]!;
    const wide = forecast.points[0]!;
    expect(narrow.upper - narrow.lower).toBeLessThan(wide.upper - wide.lower);
  });
});

describe('forecastDaily on short and degenerate series', () => {
  it('falls back to Holt linear trend with less than two weeks of data', () => {
    const f = forecastDaily(series([10, 12, 14, 16, 18, 20, 22, 24, 26, 28].map((d) => d * 1e6)), { horizonDays: 3, confidence: 0.95 });
    expect(f.method).toBe('holt');
    expect(f.points.map((p) => p.mean)).toEqual([30e6, 32e6, 34e6]);
    expect(f.backtest).toEqual({ mape: 0, heldOutDays: 7 });
  });

  it('forecasts a flat series as flat with a zero-width interval', () => {
    const f = forecastDaily(series(Array(21).fill(5_000_000)), { horizonDays: 7, confidence: 0.95 });
    expect(f.points.every((p) => p.mean === 5_000_000 && p.lower === 5_000_000 && p.upper === 5_000_000)).toBe(true);
    expect(f.backtest.mape).toBe(0);
  });

  it('uses the mean of one or two days, with no backtest', () => {
    const f = forecastDaily(series([4_000_000, 6_000_000]), { horizonDays: 2, confidence: 0.8 });
    expect(f).toMatchObject({ method: 'mean', backtest: { mape: null, heldOutDays: 0 } });
    expect(f.points[0]!.mean).toBe(5_000_000);
    expect(f.points[0]!.lower).toBeLessThan(5_000_000);
  });

  it('never forecasts negative spend for a falling series', () => {
    const f = forecastDaily(series([50, 40, 30, 20, 10].map((d) => d * 1e6)), { horizonDays: 10, confidence: 0.95 });
    expect(f.points.every((p) => p.mean >= 0 && p.lower >= 0)).toBe(true);
  });

  it('treats missing days and the days up to asOf as zero spend', () => {
    const f = forecastDaily(
      [
        { day: '2026-03-01', costMicros: 9 },
        { day: '2026-03-03', costMicros: 9 },
      ],
      { horizonDays: 1, confidence: 0.8, asOf: '2026-03-04' },
    );
    expect(f.method).toBe('holt');
    expect(f.points[0]!.day).toBe('2026-03-05');
  });

  it('places an empty series by asOf and forecasts zero', () => {
    expect(forecastDaily([], { horizonDays: 1, confidence: 0.8, asOf: '2026-03-04' }).points).toEqual([{ day: '2026-03-05', mean: 0, lower: 0, upper: 0 }]);
  });

  it.each([
    [[], { horizonDays: 1, confidence: 0.8 }, /asOf/],
    [[{ day: '2026-02-30', costMicros: 1 }], { horizonDays: 1, confidence: 0.8 }, /invalid day/],
    [[{ day: '2026-02-01', costMicros: -1 }], { horizonDays: 1, confidence: 0.8 }, /non-negative/],
    [[{ day: '2026-02-01', costMicros: 1 }], { horizonDays: 0, confidence: 0.8 }, /horizonDays/],
    [[{ day: '2026-02-01', costMicros: 1 }], { horizonDays: 1, confidence: 0.9 }, /confidence/],
  ])('rejects invalid input %j %j', (s, options, message) => {
    expect(() => forecastDaily(s, options as never)).toThrow(message);
  });
});
