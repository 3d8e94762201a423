/**
 * Budget periods, all in UTC: daily = the calendar day; weekly = the ISO week starting Monday
 * 00:00; monthly = the calendar month; rolling_Nh = the N hours up to now. Calendar periods are
 * half-open [start, end) and `end` is the reset instant; a rolling window never resets, it slides.
 */
import { parseOrThrow } from '@flywheel/contracts/errors';
import { BudgetDuration } from './budget.ts';

export interface BudgetPeriod {
  start: Date;
  end: Date;
  /** When spend starts again from zero; null for rolling windows. */
  resetsAt: Date | null;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The period of `budget` that contains `now`. */
export function currentPeriod(budget: { budget_duration: BudgetDuration }, now: Date | number): BudgetPeriod {
  const duration = parseOrThrow(BudgetDuration, budget.budget_duration, 'budget_duration');
  const t = typeof now === 'number' ? now : now.getTime();
  const d = new Date(t);
  const midnight = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  switch (duration) {
    case 'daily':
      return calendar(midnight, midnight + DAY);
    case 'weekly': {
      const monday = midnight - ((d.getUTCDay() + 6) % 7) * DAY;
      return calendar(monday, monday + 7 * DAY);
    }
    case 'monthly':
      return calendar(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1), Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1));
    default: {
      const hours = Number(duration.slice('rolling_'.length, -1));
      return { start: new Date(t - hours * HOUR), end: new Date(t), resetsAt: null };
    }
  }
}

function calendar(start: number, end: number): BudgetPeriod {
  return { start: new Date(start), end: new Date(end), resetsAt: new Date(end) };
}
