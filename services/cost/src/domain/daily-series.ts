/** Daily cost series helpers: UTC calendar days as 'YYYY-MM-DD'. */
import { AppError } from '@flywheel/contracts/errors';
import type { Micros } from './money.ts';

export interface DailyCost {
  day: string;
  costMicros: Micros;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const MS_PER_DAY = 86_400_000;

/** Milliseconds at UTC midnight of `day`; throws BAD_REQUEST on a malformed or impossible date. */
export function dayToMs(day: string): number {
  const ms = DAY.test(day) ? Date.parse(`${day}T00:00:00Z`) : Number.NaN;
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== day) throw new AppError('BAD_REQUEST', `invalid day "${day}", expected YYYY-MM-DD`);
  return ms;
}

/** The UTC day `n` days after `day`. */
export function addDays(day: string, n: number): string {
  return new Date(dayToMs(day) + n * MS_PER_DAY).toISOString().slice(0, 10);
}

/**
 * Orders the series by day, sums duplicate days and fills missing days with 0 (a day without
 * records spent nothing), through `throughDay` when given, so position i is firstDay + i days.
 */
export function toDailyValues(series: readonly DailyCost[], throughDay?: string): { firstDay: string | null; values: number[] } {
  const byDay = new Map<number, number>();
  for (const { day, costMicros } of series) {
    if (!Number.isSafeInteger(costMicros) || costMicros < 0) throw new AppError('BAD_REQUEST', `costMicros for ${day} must be a non-negative safe integer`);
    const ms = dayToMs(day);
    byDay.set(ms, (byDay.get(ms) ?? 0) + costMicros);
  }
  const days = [...byDay.keys()].sort((a, b) => a - b);
  const through = throughDay === undefined ? days[days.length - 1] : dayToMs(throughDay);
  if (through === undefined) return { firstDay: null, values: [] };
  if (days.length > 0 && days[days.length - 1]! > through) throw new AppError('BAD_REQUEST', `series has days after ${throughDay}`);
  const first = days[0] ?? through;
  const length = Math.round((through - first) / MS_PER_DAY) + 1;
  const values = Array.from({ length }, (_, i) => byDay.get(first + i * MS_PER_DAY) ?? 0);
  return { firstDay: new Date(first).toISOString().slice(0, 10), values };
}
