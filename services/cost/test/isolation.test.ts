/** Account isolation in the cost service, through NATS with the account and role headers the gateway sends. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { costRpcs, type AppError, type Budget, type BudgetInput, type Role } from '@flywheel/contracts';
import type { CallContext } from '@flywheel/kit';
import { waitFor } from '@flywheel/kit/testing';
import { request, startCostHarness, usage, type CostHarness } from './support.ts';

const as = (accountId: string, role: Role): CallContext => ({ accountId, role });
const viewerA = as('acct-a', 'viewer');
const operatorB = as('acct-b', 'operator');
const admin = as('ops', 'admin');
const internal: CallContext = {};
const big = { inputTokens: 150_000, outputTokens: 1000 };

let h: CostHarness;
const failure = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (err: AppError) => err.code,
  );
const budget = (scope: BudgetInput['scope'], max = 1) =>
  request(h.nc, costRpcs.budgetCreate, { scope, max_budget: max, budget_duration: 'monthly', action: 'alert' }, internal);

beforeAll(async () => {
  h = await startCostHarness();
  const spec = [
    ...Array.from({ length: 8 }, () => ({ agentId: 'iso-a1', accountId: 'acct-a' })),
    { agentId: 'iso-a2', accountId: 'acct-a' },
    ...Array.from({ length: 8 }, () => ({ agentId: 'iso-b1', accountId: 'acct-b' })),
    { agentId: 'iso-x' },
  ];
  await Promise.all(spec.map((s) => h.publish(usage({ ...s, model: 'claude-sonnet-4-5', usage: big }))));
  await waitFor(async () => (await request(h.nc, costRpcs.summary, {}, internal)).total.records === spec.length, { what: 'every record ingested' });
});
afterAll(async () => h?.stop());

describe('cost records and analytics', () => {
  it('shows a viewer of acct-a only acct-a’s records, totals, series and top spenders', async () => {
    const own = await request(h.nc, costRpcs.summary, { accountId: 'acct-a' }, admin);
    expect(own.total.records).toBe(9);
    const records = (await request(h.nc, costRpcs.records, { limit: 1000 }, viewerA)).items;
    expect(records).toHaveLength(9);
    expect(new Set(records.map((r) => r.accountId))).toEqual(new Set(['acct-a']));
    const summary = await request(h.nc, costRpcs.summary, { groupBy: 'account' }, viewerA);
    expect(summary.total).toEqual(own.total);
    expect(summary.rows.map((r) => r.key)).toEqual(['acct-a']);
    const series = await request(h.nc, costRpcs.timeseries, {}, viewerA);
    expect(series.points.reduce((n, p) => n + p.costMicros, 0)).toBe(own.total.costMicros);
    expect((await request(h.nc, costRpcs.top, { by: 'agent' }, viewerA)).rows.map((r) => r.key).sort()).toEqual(['iso-a1', 'iso-a2']);
    const forecast = await request(h.nc, costRpcs.forecast, {}, viewerA);
    expect(forecast.history.reduce((n, d) => n + d.costMicros, 0)).toBe(own.total.costMicros);
  });

  it('answers an account with no spend yet with zero totals, not a malformed reply', async () => {
    const none = { accountId: 'acct-none', role: 'viewer' as const };
    expect(await request(h.nc, costRpcs.top, { by: 'agent' }, none)).toMatchObject({ rows: [], total: { records: 0, costMicros: 0 } });
    expect(await request(h.nc, costRpcs.summary, { groupBy: 'agent' }, none)).toMatchObject({ rows: [], total: { records: 0, costMicros: 0 } });
  });

  it('refuses a limited caller that names another account with FORBIDDEN', async () => {
    expect(await failure(request(h.nc, costRpcs.records, { accountId: 'acct-b' }, viewerA))).toBe('FORBIDDEN');
    expect(await failure(request(h.nc, costRpcs.summary, { accountId: 'acct-b' }, viewerA))).toBe('FORBIDDEN');
    expect(await failure(request(h.nc, costRpcs.forecast, { accountId: 'acct-b' }, viewerA))).toBe('FORBIDDEN');
    expect((await request(h.nc, costRpcs.summary, { accountId: 'acct-a' }, viewerA)).total.records).toBe(9);
  });

  it('shows admins and internal callers every account’s records', async () => {
    for (const ctx of [admin, internal]) {
      const summary = await request(h.nc, costRpcs.summary, { groupBy: 'account' }, ctx);
      expect(summary.total.records).toBe(18);
      expect(summary.rows.map((r) => r.key).sort()).toEqual(['', 'acct-a', 'acct-b']);
    }
  });
});

describe('budgets and their alerts', () => {
  let mine: Budget;
  let theirs: Budget;
  let theirAgent: Budget;
  let global: Budget;
  beforeAll(async () => {
    global = await budget({ kind: 'global' }, 1_000_000_000);
    mine = await budget({ kind: 'account', value: 'acct-a' });
    theirs = await budget({ kind: 'account', value: 'acct-b' });
    theirAgent = await budget({ kind: 'agent', value: 'iso-b1' });
    await budget({ kind: 'model', value: 'claude-sonnet-4-5' });
  });

  it('lists a viewer of acct-a the global budget and its own, and only their alerts', async () => {
    const ids = (await request(h.nc, costRpcs.budgetList, {}, viewerA)).items.map((b) => b.id);
    expect(ids.sort()).toEqual([global.id, mine.id].sort());
    expect((await request(h.nc, costRpcs.budgetList, {}, admin)).items).toHaveLength(5);
    const alerts = (await request(h.nc, costRpcs.budgetAlerts, {}, viewerA)).items;
    expect(alerts.length).toBeGreaterThan(0);
    expect(new Set(alerts.map((a) => a.budgetId))).toEqual(new Set([mine.id]));
    expect(alerts.every((a) => a.accountId === 'acct-a')).toBe(true);
    const all = (await request(h.nc, costRpcs.budgetAlerts, { limit: 1000 }, admin)).items;
    expect(all.find((a) => a.budgetId === theirAgent.id)?.accountId).toBe('acct-b');
  });

  it('answers FORBIDDEN for another account’s budget, and acct-b’s operator cannot change acct-a’s', async () => {
    expect(await failure(request(h.nc, costRpcs.budgetGet, { id: theirs.id }, viewerA))).toBe('FORBIDDEN');
    expect(await failure(request(h.nc, costRpcs.budgetGet, { id: theirAgent.id }, viewerA))).toBe('FORBIDDEN');
    expect((await request(h.nc, costRpcs.budgetGet, { id: mine.id }, viewerA)).id).toBe(mine.id);
    expect(await failure(request(h.nc, costRpcs.budgetUpdate, { id: mine.id, patch: { max_budget: 5 } }, operatorB))).toBe('FORBIDDEN');
    expect(await failure(request(h.nc, costRpcs.budgetDelete, { id: mine.id }, operatorB))).toBe('FORBIDDEN');
    expect((await request(h.nc, costRpcs.budgetGet, { id: mine.id }, admin)).max_budget).toBe(1);
  });
});

describe('recommendations', () => {
  it('shows a viewer the advice on its own agents only; another account’s is FORBIDDEN to act on', async () => {
    const all = (await request(h.nc, costRpcs.recommendationsRefresh, { days: 30 }, internal)).items;
    const forB = all.find((r) => r.scope.value === 'iso-b1');
    expect(forB?.accountId).toBe('acct-b');
    const seen = (await request(h.nc, costRpcs.recommendationsList, {}, viewerA)).items;
    expect(seen.map((r) => r.scope.value)).toContain('iso-a1');
    expect(seen.every((r) => r.accountId === 'acct-a')).toBe(true);
    expect(await failure(request(h.nc, costRpcs.recommendationSetStatus, { id: forB!.id, status: 'dismissed' }, as('acct-a', 'operator')))).toBe('FORBIDDEN');
    expect((await request(h.nc, costRpcs.recommendationsList, { status: 'pending' }, operatorB)).items.map((r) => r.id)).toContain(forB!.id);
  });
});
