import { describe, expect, it } from 'vitest';
import { currentPeriod } from './budget-period.ts';
import type { BudgetDuration } from './budget.ts';

const iso = (d: Date | null) => d?.toISOString() ?? null;

describe('currentPeriod', () => {
  it.each([
    ['daily', '2026-11-25T23:59:59.999Z', '2026-11-25T00:00:00.000Z', '2026-11-26T00:00:00.000Z'],
    ['daily', '2026-11-25T00:00:00.000Z', '2026-11-25T00:00:00.000Z', '2026-11-26T00:00:00.000Z'],
    ['weekly', '2026-11-25T12:00:00.000Z', '2026-11-23T00:00:00.000Z', '2026-11-30T00:00:00.000Z'],
    ['weekly', '2026-11-29T23:00:00.000Z', '2026-11-23T00:00:00.000Z', '2026-11-30T00:00:00.000Z'],
    ['weekly', '2026-11-30T00:00:00.000Z', '2026-11-30T00:00:00.000Z', '2026-12-07T00:00:00.000Z'],
    ['weekly', '2027-01-01T08:00:00.000Z', '2026-12-28T00:00:00.000Z', '2027-01-04T00:00:00.000Z'],
    ['monthly', '2026-12-31T23:59:59.000Z', '2026-12-01T00:00:00.000Z', '2027-01-01T00:00:00.000Z'],
    ['monthly', '2028-02-29T10:00:00.000Z', '2028-02-01T00:00:00.000Z', '2028-03-01T00:00:00.000Z'],
  ] as const)('puts %s at %s in [%s, %s), resetting at its end', (duration, now, start, end) => {
    const period = currentPeriod({ budget_duration: duration }, new Date(now));
    expect([iso(period.start), iso(period.end), iso(period.resetsAt)]).toEqual([start, end, end]);
  });

  it('gives a rolling window of the last N hours that never resets', () => {
    const period = currentPeriod({ budget_duration: 'rolling_5h' }, Date.parse('2026-11-25T03:00:00Z'));
    expect([iso(period.start), iso(period.end), period.resetsAt]).toEqual(['2026-11-24T22:00:00.000Z', '2026-11-25T03:00:00.000Z', null]);
  });

  it.each(['rolling_0h', 'rolling_h', 'hourly'])('rejects the duration %s', (duration) => {
    expect(() => currentPeriod({ budget_duration: duration as BudgetDuration }, 0)).toThrow(/budget_duration/);
  });
});
