import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jetstreamManager } from '@nats-io/jetstream';
import { agentStateEvent, budgetAlertEvent, streamNameForFamily, taskEvent, type AgentEvent, type Alert } from '@flywheel/contracts';
import { connectNats, DurablePublisher, wireStream, type NatsConnection } from '@flywheel/kit';
import { startNats, testLogger, waitFor, type TestNats } from '@flywheel/kit/testing';
import { startGateway, type TestGateway } from './ops-support.ts';

let nats: TestNats;
let nc: NatsConnection;
let pub: DurablePublisher;
let gws: TestGateway[] = [];
const env = { ALERT_POLL_MS: '200', OPS_LEASE_MS: '900' };
let seq = 0;

const leader = () =>
  waitFor(
    () => {
      const leaders = gws.filter((g) => (g.running.instance as unknown as { isOpsLeader(): boolean }).isOpsLeader());
      return leaders.length === 1 ? leaders[0] : undefined;
    },
    { what: 'one leader' },
  );

/** The leader's consumers start at the next event: publish only once they exist. */
async function consumersReady(): Promise<void> {
  const jsm = await jetstreamManager(nc);
  await waitFor(
    async () =>
      (await jsm.consumers.info(wireStream(nc, 'AGENT_STATE'), 'gateway-alerts-agents').catch(() => undefined)) !== undefined &&
      (await jsm.consumers.info(wireStream(nc, 'SYSTEM_ALERTS'), 'gateway-alerts-budgets').catch(() => undefined)) !== undefined,
    { what: 'rule consumers' },
  );
}

function stateEvent(agentId: string, over: Partial<Extract<AgentEvent, { type: 'state' }>>): Promise<unknown> {
  const e = { type: 'state' as const, agentId, seq: ++seq, ts: new Date().toISOString(), to: 'executing' as const, accountId: 'acct-1', ...over };
  return pub.publish(agentStateEvent, [agentId], e, `${agentId}:${e.seq}`);
}

const alertsOf = async (g: TestGateway, query: string, key?: string): Promise<Alert[]> =>
  (await g.api('GET', `/api/v1/alerts?${query}`, key ? { key } : {})).body.items;
const alertFor = (g: TestGateway, rule: string, subjectId: string, pred: (a: Alert) => boolean = () => true) =>
  waitFor(async () => (await alertsOf(g, `rule=${rule}`)).find((a) => a.subject.id === subjectId && pred(a)), { what: `${rule} alert for ${subjectId}` });
const keyFor = async (g: TestGateway, accountId: string, role: string) =>
  (await g.api('POST', '/api/v1/keys', { body: { accountId, role } })).body.key as string;

beforeAll(async () => {
  nats = await startNats();
  gws = [await startGateway(nats.url, env), await startGateway(nats.url, env)];
  nc = await connectNats({ url: nats.url, name: 'alerts-test', logger: testLogger() });
  pub = new DurablePublisher(nc, { logger: testLogger() });
  await leader();
  await consumersReady();
});

afterAll(async () => {
  await pub?.close(1000);
  await nc?.close();
  for (const g of gws) await g.stop();
  await nats?.stop();
});

describe('alerts across gateway instances', () => {
  it('one instance leads; an agent that stalls raises one alert every instance shows, only to its account', async () => {
    await stateEvent('agt-stall', { activity: 'stalled' });
    const [a, b] = gws;
    const onA = await alertFor(a, 'agent_stalled', 'agt-stall');
    const onB = await alertFor(b, 'agent_stalled', 'agt-stall');
    expect(onB).toEqual(onA);
    expect(onA).toMatchObject({ status: 'open', severity: 'warning', accountId: 'acct-1', count: 1, subject: { kind: 'agent', id: 'agt-stall' } });
    const mine = await keyFor(a, 'acct-1', 'viewer');
    const theirs = await keyFor(a, 'acct-2', 'operator');
    expect((await alertsOf(b, 'rule=agent_stalled', mine)).map((x) => x.id)).toContain(onA.id);
    expect((await alertsOf(b, 'rule=agent_stalled', theirs)).map((x) => x.id)).not.toContain(onA.id);
    expect((await b.api('GET', `/api/v1/alerts/${onA.id}`, { key: theirs })).status).toBe(403);
    expect((await b.api('POST', `/api/v1/alerts/${onA.id}/acknowledge`, { key: theirs })).status).toBe(403);
    expect((await b.api('POST', `/api/v1/alerts/${onA.id}/acknowledge`, { key: mine })).status).toBe(403);
  });

  it('an acknowledgement on one instance holds on all; repeats fold in; activity again resolves it', async () => {
    const [a, b] = gws;
    const op = await keyFor(a, 'acct-1', 'operator');
    const id = (await alertFor(a, 'agent_stalled', 'agt-stall')).id;
    const acked = await b.api('POST', `/api/v1/alerts/${id}/acknowledge`, { key: op });
    expect(acked.status).toBe(200);
    expect(acked.body).toMatchObject({ status: 'acknowledged', ackedBy: expect.stringMatching(/^acct-1\//) });
    await alertFor(a, 'agent_stalled', 'agt-stall', (x) => x.status === 'acknowledged');
    await stateEvent('agt-stall', { activity: 'stalled' });
    await alertFor(b, 'agent_stalled', 'agt-stall', (x) => x.count === 2 && x.status === 'acknowledged');
    await stateEvent('agt-stall', { activity: 'working' });
    const resolved = await alertFor(b, 'agent_stalled', 'agt-stall', (x) => x.status === 'resolved');
    expect(resolved).toMatchObject({ id, statusBy: 'system', ackedBy: acked.body.ackedBy });
    expect((await b.api('POST', `/api/v1/alerts/${id}/dismiss`, { key: op })).status).toBe(409);
  });

  it('a failed agent is critical; an operator dismisses it', async () => {
    const [a, b] = gws;
    await stateEvent('agt-fail', { from: 'executing', to: 'failed', reason: 'exit 1' });
    const failed = await alertFor(a, 'agent_failed', 'agt-fail');
    expect(failed).toMatchObject({ severity: 'critical', title: 'Agent agt-fail failed: exit 1' });
    const dismissed = await b.api('POST', `/api/v1/alerts/${failed.id}/dismiss`, { key: await keyFor(a, 'acct-1', 'operator') });
    expect(dismissed.body.status).toBe('dismissed');
    await alertFor(a, 'agent_failed', 'agt-fail', (x) => x.status === 'dismissed');
  });

  it("relays cost's budget alerts for the budget's account", async () => {
    const ts = new Date().toISOString();
    await pub.publish(
      budgetAlertEvent,
      [],
      {
        source: 'cost',
        kind: 'budget_threshold',
        id: 'bal-1',
        budgetId: 'bud-1',
        budgetName: 'team',
        scope: { kind: 'account', value: 'acct-1' },
        threshold: 90,
        periodStart: ts,
        spentMicros: 9_000_000,
        maxBudgetMicros: 10_000_000,
        message: 'Budget team at 90%',
        ts,
      },
      'bal-1',
    );
    const alert = await alertFor(gws[1], 'budget', 'bud-1');
    expect(alert).toMatchObject({ accountId: 'acct-1', severity: 'warning', title: 'Budget team at 90%', details: { threshold: 90 } });
  });

  it('a service that does not answer its health checks raises a critical alert for admins', async () => {
    const alert = await alertFor(gws[0], 'service_unavailable', 'safety');
    expect(alert).toMatchObject({ severity: 'critical', subject: { kind: 'service', id: 'safety' } });
    expect(alert.accountId).toBeUndefined();
  });

  it('rules are listed to viewers and tuned by admins; a disabled rule stays quiet', async () => {
    const [a, b] = gws;
    const viewer = await keyFor(a, 'acct-1', 'viewer');
    const rules = (await a.api('GET', '/api/v1/alerts/rules', { key: viewer })).body.items;
    expect(rules.map((r: { id: string }) => r.id)).toEqual([
      'agent_stalled',
      'agent_failed',
      'approval_waiting',
      'budget',
      'guard_block_spike',
      'service_unavailable',
      'breaker_open',
      'autopilot_stuck',
      'agent_usage_limit',
    ]);
    expect((await a.api('PUT', '/api/v1/alerts/rules/agent_failed', { key: await keyFor(a, 'acct-1', 'operator'), body: { enabled: false } })).status).toBe(
      403,
    );
    const off = await a.api('PUT', '/api/v1/alerts/rules/agent_failed', { body: { enabled: false, cooldownS: 60 } });
    expect(off.body).toMatchObject({ id: 'agent_failed', enabled: false, cooldownS: 60, severity: 'critical' });
    await waitFor(async () => (await b.api('GET', '/api/v1/alerts/rules')).body.items.find((r: { id: string }) => r.id === 'agent_failed').enabled === false, {
      what: 'the rule off everywhere',
    });
    const lead = await leader();
    await stateEvent('agt-quiet', { from: 'executing', to: 'failed' });
    await waitFor(async () => /alerts_total\{rule="agent_failed",outcome="none"[^}]*\} 1/.test((await lead.api('GET', '/metrics')).text), {
      what: 'the disabled rule to decide nothing',
    });
    expect((await alertsOf(a, 'rule=agent_failed')).map((x) => x.subject.id)).not.toContain('agt-quiet');
    await a.api('PUT', '/api/v1/alerts/rules/agent_failed', { body: { enabled: true } });
  });

  it('a stopped autopilot’s alert stays live while the autopilot is paused, acknowledged or not; its resume resolves it', async () => {
    const jsm = await jetstreamManager(nc);
    await waitFor(
      async () =>
        (await jsm.consumers.info(wireStream(nc, streamNameForFamily('workspace:tasks')), 'gateway-alerts-autopilot').catch(() => undefined)) !== undefined,
      { what: 'the autopilot rule consumer' },
    );
    const P = 'prj_stuck_ack';
    const stop = { type: 'autopilot' as const, action: 'paused' as const, projectId: P, taskId: 'tsk_1', reason: 'task tsk_1 failed twice', needsHuman: true };
    await pub.publish(taskEvent, [P], { ...stop, accountId: 'acct-1' }, `${P}:paused`);
    const [a, b] = gws;
    const alert = await alertFor(a, 'autopilot_stuck', P);
    expect(alert).toMatchObject({ status: 'open', accountId: 'acct-1', details: { taskId: 'tsk_1' } });
    const ids = async (status: string) => (await alertsOf(b, `status=${status}&rule=autopilot_stuck`)).map((x) => x.id);

    // Acknowledged: someone is on it, the autopilot is still paused; the alert is live, listed as acknowledged.
    expect((await a.api('POST', `/api/v1/alerts/${alert.id}/acknowledge`)).status).toBe(200);
    await alertFor(b, 'autopilot_stuck', P, (x) => x.status === 'acknowledged');
    expect(await ids('acknowledged')).toContain(alert.id);
    expect(await ids('open')).not.toContain(alert.id);

    // Resumed: the alert resolves, on every instance.
    await pub.publish(taskEvent, [P], { type: 'autopilot', action: 'resumed', projectId: P }, `${P}:resumed`);
    await alertFor(b, 'autopilot_stuck', P, (x) => x.status === 'resolved');
    expect(await ids('acknowledged')).not.toContain(alert.id);
    expect(await ids('open')).not.toContain(alert.id);
  });

  it('when the leader stops, another instance takes over and keeps alerting', async () => {
    const old = await leader();
    await old.stop();
    gws = gws.filter((g) => g !== old);
    const next = await leader();
    expect(next).not.toBe(old);
    await stateEvent('agt-after', { from: 'executing', to: 'failed' });
    await alertFor(next, 'agent_failed', 'agt-after');
  });
});
