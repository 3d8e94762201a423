import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allRoutes, API, verifyCredentialRpc } from '@flywheel/contracts';
import { request } from '@flywheel/kit';
import { waitFor } from '@flywheel/kit/testing';
import { accessOf } from './keys.ts';
import { startStack, type Stack } from './stack.ts';

describe('accessOf', () => {
  it('finds every route descriptor by method and a concrete path, and asks a viewer for what matches none', () => {
    for (const r of allRoutes(API)) expect(accessOf(r.method, `${r.path.replace(/:[A-Za-z0-9_]+/g, 'x1')}?limit=1`), `${r.method} ${r.path}`).toBe(r.access);
    expect(accessOf('PUT', '/api/v1/dcg/packs/enabled')).toBe('admin');
    expect(accessOf('GET', '/api/v1/cost-analytics/budgets/alerts')).toBe('viewer');
    expect(accessOf('PUT', '/api/v1/agents')).toBe('viewer');
  });
});

describe('startStack', () => {
  let s: Stack;
  beforeAll(async () => {
    s = await startStack({ services: ['gateway-api', 'safety', { name: 'agent-runner', id: 'r1', mode: 'process', env: { HEARTBEAT_MS: '400' } }] });
  });
  afterAll(async () => {
    await s?.stop();
  });

  it('mints one key per role and account through the admin key', async () => {
    const viewer = await s.key('viewer');
    expect(await s.key('viewer')).toBe(viewer);
    expect(await request(s.nc, verifyCredentialRpc, { credential: viewer })).toMatchObject({ accountId: 'acct-a', role: 'viewer' });
    expect(await request(s.nc, verifyCredentialRpc, { credential: await s.key('operator', 'acct-b') })).toMatchObject({
      accountId: 'acct-b',
      role: 'operator',
    });
  });

  it('runs an instance as a process that can be killed and restarted; REST calls carry the key their route needs', async () => {
    const runners = async () => (await s.api('viewer').system.fleet({})).runners.filter((r) => r.status === 'alive').map((r) => r.runnerId);
    await waitFor(async () => (await runners()).includes('r1'), { what: 'r1 in the fleet' });
    const agent = await s.api('operator').agents.spawn({ body: { driver: 'tmux', workingDirectory: '/tmp', command: ['sh'] } });
    expect(agent.accountId).toBe('acct-a');
    const commands = await s.http('GET', `/agents/${agent.id}/commands`);
    expect(commands.body.items.map((c: { actor?: string }) => c.actor?.split('/')[0])).toEqual(['acct-a']);
    await s.kill('r1');
    await s.restart('r1');
    expect((await s.http('GET', `/agents/${agent.id}`)).body.state).toBe('failed');
    expect(s.service('safety').deps.name).toBe('safety');
  }, 60_000);
});
