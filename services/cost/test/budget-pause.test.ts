/**
 * Budgets, cost side of the pause: a usage record crossing a pausing budget's hard limit → a
 * `pause` on system.budget within 2 s, budgetCheckRpc refuses the scope; raising the budget →
 * `resume` and allowed again. Thresholds alert once per period, in the audit log and on NATS.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  budgetAlertEvent,
  budgetCheckRpc,
  budgetEnforcementEvent,
  costRpcs,
  type BudgetAlert,
  type BudgetEnforcement,
  type EventDescriptor,
} from '@flywheel/contracts';
import { subscribe, type NatsConnection } from '@flywheel/kit';
import { testLogger } from '@flywheel/kit/testing';
import { request, startCostHarness, usage, type CostHarness } from './support.ts';

let h: CostHarness;
beforeAll(async () => {
  h = await startCostHarness();
});
afterAll(async () => h?.stop());

/** Resolves with the first event matching `pred`, rejecting after `ms`. */
function nextEvent<T>(nc: NatsConnection, ev: EventDescriptor<z.ZodType<T>>, pred: (p: T) => boolean, ms = 5000): Promise<T> {
  return new Promise((resolve, reject) => {
    const sub = subscribe(
      nc,
      ev,
      (p) => {
        if (!pred(p)) return;
        sub.stop();
        clearTimeout(timer);
        resolve(p);
      },
      { logger: testLogger() },
    );
    const timer = setTimeout(() => (sub.stop(), reject(new Error(`no matching ${ev.subject} event in ${ms} ms`))), ms);
  });
}

/** Haiku 4.5 output at $5/M: 200,000 output tokens = $1.00. */
const ONE_DOLLAR = { inputTokens: 0, outputTokens: 200_000 };

describe('a pausing budget', () => {
  it('pauses its scope within 2 s of the crossing record, refuses checks, and resumes when raised', async () => {
    const agentId = 'pause-agent';
    const budget = await request(h.nc, costRpcs.budgetCreate, {
      name: 'agent cap',
      scope: { kind: 'agent', value: agentId },
      max_budget: 2_000_000,
      budget_duration: 'daily',
      action: 'pause',
    });
    await h.publish(usage({ agentId, usage: ONE_DOLLAR }));
    expect(await request(h.nc, budgetCheckRpc, { agentId })).toEqual({ allowed: true });

    const paused = nextEvent<BudgetEnforcement>(h.nc, budgetEnforcementEvent, (e) => e.budgetId === budget.id && e.action === 'pause');
    const t0 = Date.now();
    await h.publish(usage({ agentId, usage: ONE_DOLLAR }));
    const pause = await paused;
    const latencyMs = Date.now() - t0;
    process.stdout.write(`budget pause latency (usage publish → pause event received): ${latencyMs} ms\n`);
    expect(latencyMs).toBeLessThan(2000);
    expect(pause).toMatchObject({ action: 'pause', scope: { kind: 'agent', value: agentId } });

    const refused = await request(h.nc, budgetCheckRpc, { agentId });
    expect(refused).toMatchObject({ allowed: false, budgetId: budget.id });
    expect(await request(h.nc, budgetCheckRpc, { agentId: 'someone-else' })).toEqual({ allowed: true });

    const resumed = nextEvent<BudgetEnforcement>(h.nc, budgetEnforcementEvent, (e) => e.budgetId === budget.id && e.action === 'resume');
    const raised = await request(h.nc, costRpcs.budgetUpdate, { id: budget.id, patch: { max_budget: 5_000_000 } });
    expect(raised.status).toMatchObject({ paused: false, spentMicros: 2_000_000 });
    expect(await resumed).toMatchObject({ action: 'resume', budgetId: budget.id });
    expect(await request(h.nc, budgetCheckRpc, { agentId })).toEqual({ allowed: true });
  });

  it('alerts each threshold once per period, on system.alerts and in the audit log', async () => {
    const projectId = 'proj-thresholds';
    const budget = await request(h.nc, costRpcs.budgetCreate, {
      scope: { kind: 'project', value: projectId },
      max_budget: 4_000_000,
      budget_duration: 'monthly',
    });
    const at75 = nextEvent<BudgetAlert>(h.nc, budgetAlertEvent, (a) => a.budgetId === budget.id && a.threshold === 75);
    for (let i = 0; i < 3; i++) await h.publish(usage({ agentId: 'thr-agent', projectId, usage: ONE_DOLLAR }));
    expect(await at75).toMatchObject({ kind: 'budget_threshold', spentMicros: 3_000_000 });
    // More spend below the next threshold raises nothing new; a re-settle (update) repeats nothing.
    await h.publish(usage({ agentId: 'thr-agent', projectId, usage: { inputTokens: 0, outputTokens: 100 } }));
    await request(h.nc, costRpcs.budgetUpdate, { id: budget.id, patch: { name: 'renamed' } });
    const { items } = await request(h.nc, costRpcs.budgetAlerts, { budgetId: budget.id, limit: 100 });
    expect(items.map((a) => a.threshold).sort()).toEqual([50, 75]);
    expect((await request(h.nc, costRpcs.budgetGet, { id: budget.id })).status.alertedThresholds).toEqual([50, 75]);
  });

  it('refuses an unknown scope kind, a scoped budget without a value and a soft budget above the hard one', async () => {
    const bad = [
      { scope: { kind: 'team', value: 'x' }, max_budget: 1, budget_duration: 'daily' },
      { scope: { kind: 'agent' }, max_budget: 1, budget_duration: 'daily' },
      { scope: { kind: 'global' }, max_budget: 1, soft_budget: 2, budget_duration: 'daily' },
      { scope: { kind: 'global' }, max_budget: -5, budget_duration: 'daily' },
      { scope: { kind: 'global' }, max_budget: 1, budget_duration: 'fortnightly' },
    ];
    const before = (await request(h.nc, costRpcs.budgetList, {})).items.length;
    for (const b of bad) await expect(request(h.nc, costRpcs.budgetCreate, b as never)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect((await request(h.nc, costRpcs.budgetList, {})).items.length).toBe(before);
  });
});
