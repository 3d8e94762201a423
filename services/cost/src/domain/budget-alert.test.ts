import { describe, expect, it } from 'vitest';
import { budgetAlert, describeBudget, enforcementEvent, thresholdMessage, type Tracked } from './budget-alert.ts';
import { currentPeriod } from './budget-period.ts';

const tracked = (over: Partial<Tracked['def']> = {}): Tracked => {
  const def = {
    id: 'b1',
    scope: { kind: 'agent' as const, value: 'a1' },
    max_budget: 2_000_000,
    budget_duration: 'daily',
    action: 'pause' as const,
    createdAt: '',
    updatedAt: '',
    ...over,
  };
  const period = currentPeriod(def, Date.parse('2026-11-10T10:00:00Z'));
  return { def, period, periodStart: period.start.toISOString(), spent: 1_000_000, marks: new Set(), paused: true, epoch: 3 };
};

describe('budget alerts', () => {
  it('names a budget by name or id, with its scope', () => {
    expect(describeBudget(tracked())).toBe('b1 (agent a1)');
    expect(describeBudget(tracked({ name: 'team', scope: { kind: 'global' } }))).toBe('team (global)');
  });

  it('gives a threshold alert an id made of budget, period, kind and mark', () => {
    const t = tracked();
    const a = budgetAlert(t, 'budget_threshold', 50, thresholdMessage(t, 50), '2026-11-10T10:00:00.000Z');
    expect(a).toMatchObject({ id: `b1-${Date.parse('2026-11-10T00:00:00Z')}-budget_threshold-50`, threshold: 50, spentMicros: 1_000_000 });
    expect(a.message).toBe('budget b1 (agent a1) reached 50% of $2.000000: spent $1.000000');
  });

  it('names the enforcement event after the epoch', () => {
    expect(enforcementEvent(tracked(), Date.parse('2026-11-10T10:00:00Z'), 'over')).toMatchObject({ id: 'b1-e3', action: 'pause', reason: 'over' });
  });
});
