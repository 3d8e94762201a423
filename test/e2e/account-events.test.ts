/**
 * Live and replayed system events reach only the accounts they belong to: real safety and cost
 * services publish, the real ws-hub filters, clients connect with real gateway keys.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { costRpcs, dcgRpcs, guardRpc, usageRecordEvent, type BudgetAlert, type BudgetInput, type CostTick, type DcgEvent } from '@flywheel/contracts';
import { DurablePublisher, request, type CallContext } from '@flywheel/kit';
import { testLogger, waitFor } from '@flywheel/kit/testing';
import { startStack, TestClient, type Stack } from '../support/index.ts';

type Frame = ReturnType<TestClient['events']>[number];
const operator = (accountId: string): CallContext => ({ accountId, role: 'operator' });
const dcgAccount = (e: Frame) => {
  const d = e.data as DcgEvent;
  return d.type === 'decision' ? d.decision.accountId : d.exception.accountId;
};
const dcgAgent = (e: Frame) => {
  const d = e.data as DcgEvent;
  return d.type === 'decision' ? d.decision.agentId : d.exception.agentId;
};

let s: Stack;
let gw: { nc: Stack['nc'] };
let pub: DurablePublisher;
const clients: TestClient[] = [];

/** Test names for credentials: 'viewer-a', 'viewer-b' (viewer keys of acct-a, acct-b) and 'admin-key'. */
const credential = (alias: string) => (alias === 'admin-key' ? Promise.resolve(s.adminKey) : s.key('viewer', alias === 'viewer-a' ? 'acct-a' : 'acct-b'));

async function client(alias: string, channels: string[], hubId = 'ws-hub', since?: string): Promise<TestClient> {
  const c = await TestClient.connect(s.port(hubId), await credential(alias));
  clients.push(c);
  await c.subscribe(channels, since);
  return c;
}

beforeAll(async () => {
  s = await startStack({
    services: [
      'gateway-api',
      'ws-hub',
      { name: 'safety', env: { COORDINATION_CHECK: 'off' } },
      { name: 'cost', env: { COST_TICK_MS: '100', BUDGET_TIMER_MS: '200' } },
    ],
  });
  gw = { nc: s.nc };
  pub = new DurablePublisher(gw.nc, { logger: testLogger() });
});

afterAll(async () => {
  for (const c of clients) await c.close();
  await pub?.close(1000);
  await s?.stop();
});

describe('system:dcg', () => {
  it('shows a viewer of acct-a its own account’s decisions and exceptions only, live and replayed', async () => {
    const viewerA = await client('viewer-a', ['system:dcg']);
    const viewerB = await client('viewer-b', ['system:dcg']);
    const admin = await client('admin-key', ['system:dcg']);
    await request(gw.nc, dcgRpcs.check, { command: 'git reset --hard', agentId: 'ev-b1' }, operator('acct-b'));
    // A hook of an unmanaged agent names no account: admins only.
    await request(gw.nc, guardRpc, { agentId: 'ev-x', tool: 'Bash', input: { command: 'git reset --hard' }, wait: false, source: 'hook' });
    await request(gw.nc, dcgRpcs.check, { command: 'git reset --hard', agentId: 'ev-a1' }, operator('acct-a'));
    await request(gw.nc, dcgRpcs.check, { command: 'ls', agentId: 'ev-b2' }, operator('acct-b'));

    await viewerA.until(() => viewerA.events().filter((e) => dcgAgent(e) === 'ev-a1').length === 2, 15_000, 'acct-a decision and exception');
    await viewerB.until(() => viewerB.events().some((e) => dcgAgent(e) === 'ev-b2'), 15_000, 'acct-b’s last decision');
    await admin.until(() => admin.events().some((e) => dcgAgent(e) === 'ev-b2'), 15_000, 'every decision');
    expect(new Set(viewerA.events().map(dcgAccount))).toEqual(new Set(['acct-a']));
    expect(viewerB.events().map(dcgAgent)).toEqual(['ev-b1', 'ev-b1', 'ev-b2']);
    expect(new Set(admin.events().map(dcgAgent))).toEqual(new Set(['ev-b1', 'ev-x', 'ev-a1', 'ev-b2']));

    // A fresh hub has none of it in memory: the replay comes from JetStream and is filtered the same way.
    await s.add({ name: 'ws-hub', id: 'fresh-hub' });
    const later = await client('viewer-a', ['system:dcg'], 'fresh-hub', 'v1');
    expect(later.events().map((e) => e.data)).toEqual(viewerA.events().map((e) => e.data));
  });
});

describe('system:alerts and system:cost', () => {
  const budget = (scope: BudgetInput['scope']) => request(gw.nc, costRpcs.budgetCreate, { scope, max_budget: 1, budget_duration: 'monthly', action: 'alert' });
  const spend = (agentId: string, accountId: string, n: number) =>
    Promise.all(
      Array.from({ length: n }, (_, i) => {
        const messageId = `ev-${agentId}-${i}-${Date.now()}`;
        const usage = { inputTokens: 1000, outputTokens: 100, cacheReadInputTokens: 0, cacheCreationInputTokens: 0 };
        return pub.publish(
          usageRecordEvent,
          [agentId],
          { messageId, agentId, accountId, model: 'claude-haiku-4-5', usage, ts: new Date().toISOString() },
          messageId,
        );
      }),
    );
  const alertOf = (e: Frame) => e.data as BudgetAlert;
  // system:alerts also carries the gateway's own alerts (e.g. a service this stack does not run is unavailable).
  const budgetAlerts = (c: { events(): Frame[] }) => c.events().filter((e) => (e.data as { source?: string }).source !== 'alerts');

  it('shows budget alerts of another account to nobody else, and alerts of no account to everyone', async () => {
    await spend('ev-a3', 'acct-a', 2);
    await spend('ev-b3', 'acct-b', 2);
    // Budgets settle on creation: with the spend stored, each raises its alerts at once, in creation order.
    await waitFor(
      async () =>
        (await request(gw.nc, costRpcs.summary, { agentId: 'ev-b3' })).total.records === 2 &&
        (await request(gw.nc, costRpcs.summary, { agentId: 'ev-a3' })).total.records === 2,
      { what: 'spend stored' },
    );
    const viewerA = await client('viewer-a', ['system:alerts']);
    const viewerB = await client('viewer-b', ['system:alerts']);
    const theirs = await budget({ kind: 'account', value: 'acct-b' });
    const global = await budget({ kind: 'global' });
    const mine = await budget({ kind: 'account', value: 'acct-a' });
    const marker = await budget({ kind: 'agent', value: 'ev-b3' });
    await viewerA.until(() => viewerA.events().some((e) => alertOf(e).budgetId === mine.id), 15_000, 'acct-a’s budget alert');
    await viewerB.until(() => viewerB.events().some((e) => alertOf(e).budgetId === marker.id), 15_000, 'acct-b’s agent budget alert');
    expect(new Set(budgetAlerts(viewerA).map((e) => alertOf(e).budgetId))).toEqual(new Set([global.id, mine.id]));
    expect(new Set(budgetAlerts(viewerB).map((e) => alertOf(e).budgetId))).toEqual(new Set([theirs.id, global.id, marker.id]));
    expect(
      viewerB
        .events()
        .filter((e) => alertOf(e).budgetId === marker.id)
        .every((e) => alertOf(e).accountId === 'acct-b'),
    ).toBe(true);
  });

  it('sends each account its own cost ticks', async () => {
    const viewerA = await client('viewer-a', ['system:cost']);
    const admin = await client('admin-key', ['system:cost']);
    await spend('ev-b4', 'acct-b', 3);
    await admin.until(() => admin.events().some((e) => (e.data as CostTick).accountId === 'acct-b'), 15_000, 'acct-b’s tick');
    await spend('ev-a4', 'acct-a', 3);
    await viewerA.until(() => viewerA.events().some((e) => (e.data as CostTick).accountId === 'acct-a'), 15_000, 'acct-a’s tick');
    expect(viewerA.events().every((e) => (e.data as CostTick).accountId === 'acct-a')).toBe(true);
  });
});
