import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openDb } from '@flywheel/kit';
import * as schema from '../db/schema.ts';
import { createAlertRepo } from '../db/alert-repo.ts';
import { createBudgetRepo } from '../db/budget-repo.ts';
import { createSpendRepo } from '../db/spend-repo.ts';
import { createUsageRepo } from '../db/usage-repo.ts';
import { loadDefaultRateCard, priceRecord, type BudgetDef } from '../domain/index.ts';
import { BudgetTracker } from './budget-tracker.ts';

const MIGRATIONS = fileURLToPath(new URL('../../drizzle', import.meta.url));

function setup(startMs: number) {
  const db = openDb(':memory:', { schema, migrationsFolder: MIGRATIONS });
  const sqlite = db.$client;
  const clock = { now: startMs };
  const alerts = createAlertRepo(db);
  const budgets = createBudgetRepo(db);
  const transaction = <T>(fn: () => T): T => sqlite.transaction(fn)();
  const tracker = new BudgetTracker({ budgets, alerts, spend: createSpendRepo(db), now: () => clock.now, transaction });
  const writer = createUsageRepo(db);
  let n = 0;
  /** Stores a $1 Haiku record for agent a1 at the clock's time, as ingest does. */
  const spendDollar = () =>
    transaction(() => {
      const r = priceRecord(loadDefaultRateCard(), {
        messageId: `m${n++}`,
        agentId: 'a1',
        model: 'claude-haiku-4-5',
        usage: { inputTokens: 0, outputTokens: 200_000, cacheReadInputTokens: 0, cacheCreationInputTokens: 0 },
        ts: new Date(clock.now).toISOString(),
      });
      writer.insert(r);
      tracker.onRecord(r, clock.now);
    });
  const outbox = () => alerts.pending(1000).map((r) => ({ subject: r.subject, ...JSON.parse(r.payloadJson) }));
  return { sqlite, clock, tracker, budgets, spendDollar, outbox };
}

const def = (over: Partial<BudgetDef> = {}): BudgetDef => ({
  id: 'b1',
  scope: { kind: 'agent', value: 'a1' },
  max_budget: 2_000_000,
  budget_duration: 'daily',
  action: 'pause',
  createdAt: '2026-11-01T00:00:00.000Z',
  updatedAt: '2026-11-01T00:00:00.000Z',
  ...over,
});

describe('BudgetTracker', () => {
  it('pauses at the hard limit and resumes when the daily period resets', () => {
    const s = setup(Date.parse('2026-11-10T22:00:00Z'));
    s.budgets.save(def());
    s.tracker.load(s.budgets.all());
    s.spendDollar();
    s.spendDollar();
    expect(s.tracker.get('b1')).toMatchObject({ paused: true, spent: 2_000_000 });
    expect(
      s
        .outbox()
        .filter((e) => e.subject === 'system.budget')
        .map((e) => e.action),
    ).toEqual(['pause']);
    s.clock.now = Date.parse('2026-11-11T00:00:01Z');
    s.tracker.tick();
    expect(s.tracker.get('b1')).toMatchObject({ paused: false, spent: 0 });
    expect(
      s
        .outbox()
        .filter((e) => e.subject === 'system.budget')
        .map((e) => e.action),
    ).toEqual(['pause', 'resume']);
    expect(s.budgets.state('b1')).toEqual({ paused: false, epoch: 2 });
  });

  it('alerts each threshold once per period and again in the next period', () => {
    const s = setup(Date.parse('2026-11-10T10:00:00Z'));
    s.budgets.save(def({ action: 'alert', max_budget: 4_000_000 }));
    s.tracker.load(s.budgets.all());
    s.spendDollar();
    s.spendDollar();
    s.tracker.upsert(s.budgets.all()[0]!);
    const thresholds = () =>
      s
        .outbox()
        .filter((e) => e.kind === 'budget_threshold')
        .map((e) => `${e.periodStart.slice(0, 10)}:${e.threshold}`);
    expect(thresholds()).toEqual(['2026-11-10:50']);
    s.clock.now = Date.parse('2026-11-11T10:00:00Z');
    s.spendDollar();
    s.spendDollar();
    expect(thresholds()).toEqual(['2026-11-10:50', '2026-11-11:50']);
  });

  it('slides a rolling window: spend that leaves it lifts the pause', () => {
    const s = setup(Date.parse('2026-11-10T10:00:00Z'));
    s.budgets.save(def({ budget_duration: 'rolling_2h' }));
    s.tracker.load(s.budgets.all());
    s.spendDollar();
    s.clock.now += 3_600_000;
    s.spendDollar();
    expect(s.tracker.get('b1')).toMatchObject({ paused: true, spent: 2_000_000 });
    s.clock.now += 3_600_000 + 1;
    s.tracker.tick();
    expect(s.tracker.get('b1')).toMatchObject({ paused: false, spent: 1_000_000 });
  });

  it('on load, enforces a crossing it finds in the store', () => {
    const s = setup(Date.parse('2026-11-10T10:00:00Z'));
    s.spendDollar();
    s.spendDollar();
    s.budgets.save(def());
    s.tracker.load(s.budgets.all());
    expect(s.tracker.get('b1')?.paused).toBe(true);
    expect(s.tracker.blocking({ agentId: 'a1' })?.def.id).toBe('b1');
    expect(s.tracker.blocking({ agentId: 'a2' })).toBeUndefined();
  });
});
