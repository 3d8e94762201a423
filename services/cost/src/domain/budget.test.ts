import { describe, expect, it } from 'vitest';
import { evaluateBudget, type BudgetLimits } from './budget.ts';

const budget: BudgetLimits = { max_budget: 100_000_000, soft_budget: 80_000_000, budget_duration: 'monthly' };

describe('evaluateBudget', () => {
  it.each([
    [0, [], []],
    [49_999_999, [], []],
    [50_000_000, [], [50]],
    [76_000_000, [], [50, 75]],
    [76_000_000, [50], [75]],
    [95_000_000, [50, 75], [90]],
    [100_000_000, [50, 75, 90], [100]],
    [250_000_000, [50, 75, 90, 100], []],
  ])('at %i µ$ spent with %j already alerted, reports %j newly crossed', (spent, alerted, crossed) => {
    expect(evaluateBudget(budget, spent, alerted).crossed).toEqual(crossed);
  });

  it.each([
    [79_999_999, false, false],
    [80_000_000, true, false],
    [99_999_999, true, false],
    [100_000_000, true, true],
  ])('at %i µ$ is over soft: %s, over hard: %s', (spent, overSoft, overHard) => {
    expect(evaluateBudget(budget, spent)).toMatchObject({ overSoft, overHard });
  });

  it('uses custom thresholds, sorted and deduplicated, including overage alerts above 100%', () => {
    expect(evaluateBudget({ ...budget, thresholds: [120, 80, 80] }, 130_000_000).crossed).toEqual([80, 120]);
  });

  it('compares exactly where a float percentage would round', () => {
    expect(evaluateBudget({ max_budget: 3, budget_duration: 'daily', thresholds: [33, 34] }, 1).crossed).toEqual([33]);
  });

  it('crosses nothing and is never over hard without a max_budget', () => {
    expect(evaluateBudget({ max_budget: null, soft_budget: 5, budget_duration: 'daily' }, 10)).toEqual({ crossed: [], overHard: false, overSoft: true });
  });

  it('treats a zero max_budget as already spent', () => {
    expect(evaluateBudget({ max_budget: 0, budget_duration: 'daily' }, 0)).toEqual({ crossed: [50, 75, 90, 100], overHard: true, overSoft: false });
  });

  it.each([
    [{ ...budget, max_budget: -1 }, 0, /max_budget/],
    [{ ...budget, budget_duration: 'fortnightly' }, 0, /budget_duration/],
    [{ ...budget, thresholds: [0] }, 0, /thresholds/],
    [budget, 1.5, /spentMicros/],
  ])('rejects an invalid budget or spend with BAD_REQUEST (%j, %s)', (b, spent, message) => {
    expect(() => evaluateBudget(b as BudgetLimits, spent)).toThrow(message);
  });
});
