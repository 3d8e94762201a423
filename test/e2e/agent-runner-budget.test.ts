import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentRpcs, budgetCheckRpc, budgetEnforcementEvent, metricsRpc } from '@flywheel/contracts';
import { connectNats, DurablePublisher, localSubject, request, serve, wireSubject, type NatsConnection } from '@flywheel/kit';
import { testLogger, waitFor } from '@flywheel/kit/testing';
import { startStack, type Stack } from '../support/index.ts';
import { allEvents, waitState } from './helpers/agent-events.ts';

describe('budgets: checked before spawn and send, enforced by pause/resume events', () => {
  let h: Stack;
  let nc: NatsConnection;
  let pub: DurablePublisher;
  const checks: unknown[] = [];

  beforeAll(async () => {
    h = await startStack({ services: ['gateway-api', { name: 'agent-runner', id: 'r-budget', env: { TMUX_POLL_MS: '50' } }] });
    nc = await connectNats({ url: h.nats.url, name: 'fake-cost', logger: testLogger() });
    pub = new DurablePublisher(nc, { logger: testLogger() });
    serve(
      nc,
      budgetCheckRpc,
      (req) => {
        checks.push(req);
        return req.projectId === 'broke' ? { allowed: false, budgetId: 'b1', reason: 'project budget spent' } : { allowed: true };
      },
      { logger: testLogger() },
    );
  });
  afterAll(async () => {
    await pub?.close();
    await nc?.drain();
    await h?.stop();
  });

  it('refuses a spawn in an exhausted budget with 402 BUDGET_EXCEEDED', async () => {
    const r = await h.http('POST', '/agents', { driver: 'tmux', workingDirectory: '/tmp', command: ['sh'], projectId: 'broke' });
    expect(r.status).toBe(402);
    expect(r.body.error).toMatchObject({ code: 'BUDGET_EXCEEDED', message: 'project budget spent' });
    expect(checks.at(-1)).toMatchObject({ projectId: 'broke' });
  });

  it('pauses the agents in scope on a pause event (interrupting the running one) and resumes them', async () => {
    const spawn = await h.http('POST', '/agents', { driver: 'tmux', workingDirectory: '/tmp', command: ['sh'], projectId: 'p1' });
    const id = spawn.body.id as string;
    const other = (await h.http('POST', '/agents', { driver: 'tmux', workingDirectory: '/tmp', command: ['sh'], projectId: 'p2' })).body.id as string;
    await waitState(h, id, 'ready');
    await h.http('POST', `/agents/${id}/send`, { message: 'sleep 30' });
    expect(checks.at(-1)).toMatchObject({ agentId: id, projectId: 'p1' });
    await waitState(h, id, 'executing');

    const scope = { kind: 'project' as const, value: 'p1' };
    await pub.publish(
      budgetEnforcementEvent,
      [],
      { id: 'e1', budgetId: 'b2', action: 'pause', scope, reason: 'cap', triggeredAt: new Date().toISOString() },
      'e1',
    );
    await waitState(h, id, 'paused', 10_000);
    expect((await h.http('GET', `/agents/${id}`)).body.stateReason).toBe('budget');
    expect((await h.http('GET', `/agents/${other}`)).body.state).toBe('ready');
    const refused = await h.http('POST', `/agents/${id}/send`, { message: 'echo more' });
    expect(refused.status).toBe(409);
    const metrics = await request(nc, metricsRpc('agent-runner'), {});
    expect(metrics.text).toMatch(/budget_enforcement_latency_seconds_count\{[^}]*\} 1/);
    expect(metrics.text).toMatch(/agents\{[^}]*state="paused"[^}]*\} 1/);
    expect(metrics.text).toMatch(/agent_events_total\{[^}]*type="state"/);

    await pub.publish(
      budgetEnforcementEvent,
      [],
      { id: 'e2', budgetId: 'b2', action: 'resume', scope, reason: 'raised', triggeredAt: new Date().toISOString() },
      'e2',
    );
    await waitState(h, id, 'ready', 10_000);
    await waitFor(async () => (await h.http('POST', `/agents/${id}/send`, { message: 'echo back' })).status === 202, { what: 'send after resume' });
  });

  it('carries the calling account: budget check, stored agent, state events and the x-account-id header', async () => {
    const seen: [string, string | undefined][] = [];
    const sub = nc.subscribe(wireSubject(nc, 'agent.state.*'), {
      callback: (_e, m) => void seen.push([localSubject(nc, m.subject), m.headers?.get('x-account-id')]),
    });
    const info = await request(nc, agentRpcs.spawn, { driver: 'tmux', workingDirectory: '/tmp', command: ['sh'] }, { accountId: 'acct-1' });
    expect(info.accountId).toBe('acct-1');
    expect(checks.at(-1)).toMatchObject({ agentId: info.id, accountId: 'acct-1' });
    const states = (await allEvents(h, info.id, 'events', { account: 'acct-1' })).filter((e) => e.type === 'state');
    expect(states.every((e) => e.type === 'state' && e.accountId === 'acct-1')).toBe(true);
    const mine = () => seen.filter(([subject]) => subject === `agent.state.${info.id}`).map(([, account]) => account);
    await waitFor(() => mine().length >= 2, { what: 'state events on NATS' });
    expect(new Set(mine())).toEqual(new Set(['acct-1']));
    sub.unsubscribe();
  });
});
