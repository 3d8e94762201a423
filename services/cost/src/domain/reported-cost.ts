/**
 * Compares our price with the cost an agent reports about itself (Claude Code's `costUSD`).
 * Claude Code sums unrounded float line items, so its figure is the exact cost plus ~1e-16
 * relative float noise. Our per-record price is that exact cost rounded to the micro-dollar, so
 * for one record the two agree when they differ by at most 0.5 µ$; an aggregate of n records
 * may legitimately differ by up to 0.5 µ$ × n. Anything beyond that is a real divergence
 * (different price, missing tier, 1h writes priced as 5m, an unknown model, ...).
 */
import { decimalToScaled, PICOS_PER_MICRO, usdToMicros, type Micros } from './money.ts';

/** Float noise allowance, in pico-dollars, on top of the rounding allowance. */
const NOISE_PICOS = 1_000n;

export interface ReportedCostComparison {
  /** The reported cost rounded half up to the micro-dollar. */
  reportedMicros: Micros;
  /** Ours minus reportedMicros. */
  deltaMicros: Micros;
  /** True when the difference cannot be explained by rounding `records` records. */
  divergent: boolean;
}

/** @param records how many priced records `ourMicros` sums (each rounded once). */
export function compareReportedCost(ourMicros: Micros, reportedUsd: number, records = 1): ReportedCostComparison {
  const reportedPicos = decimalToScaled(reportedUsd, 12);
  const oursPicos = BigInt(ourMicros) * BigInt(PICOS_PER_MICRO);
  const diff = oursPicos > reportedPicos ? oursPicos - reportedPicos : reportedPicos - oursPicos;
  const allowance = (BigInt(PICOS_PER_MICRO) / 2n) * BigInt(Math.max(1, records)) + NOISE_PICOS;
  const reportedMicros = usdToMicros(reportedUsd);
  return { reportedMicros, deltaMicros: ourMicros - reportedMicros, divergent: diff > allowance };
}
