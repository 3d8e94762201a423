import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '@flywheel/kit/testing';
import { killTmuxServer, startStack, type Stack } from '../support/index.ts';
import { waitEvent, waitState } from './helpers/agent-events.ts';

const HEARTBEAT_MS = 400;
const SOCKET = `fwtest-fleet-${process.pid}`;

describe('a fleet of two runners on one NATS', () => {
  let h: Stack;

  beforeAll(async () => {
    const env = { HEARTBEAT_MS: String(HEARTBEAT_MS), TMUX_SOCKET: SOCKET, TMUX_POLL_MS: '50' };
    h = await startStack({
      services: ['gateway-api', { name: 'agent-runner', id: 'r-local', env }, { name: 'agent-runner', id: 'r-remote', mode: 'process', env }],
    });
    await waitFor(async () => (await h.http('GET', '/fleet')).body?.runners?.length === 2, { timeoutMs: 20_000, what: 'two runners' });
  });
  afterAll(async () => {
    // First, so the remote's orphaned panes go even if a stop below hangs.
    killTmuxServer(SOCKET);
    await h?.stop();
  });

  it('spreads agents, routes commands to the owner, lists both; a killed runner is lost and its agents unknown', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      const r = await h.http('POST', '/agents', { driver: 'tmux', name: `a${i}`, workingDirectory: '/tmp', command: ['sh'] });
      expect(r.status).toBe(201);
      ids.push(r.body.id);
    }
    const owners = await Promise.all(ids.map(async (id) => (await h.http('GET', `/agents/${id}`)).body.runnerId as string));
    expect(new Set(owners)).toEqual(new Set(['r-local', 'r-remote']));

    for (const id of ids) {
      await waitState(h, id, 'ready');
      await h.http('POST', `/agents/${id}/send`, { message: `echo hello-${id}` });
      await waitEvent(h, id, (e) => e.type === 'output' && e.text === `hello-${id}`, `echo on ${id}`);
    }
    const fleet = await h.http('GET', '/fleet');
    expect(fleet.body.runners.map((r: { runnerId: string; status: string }) => [r.runnerId, r.status]).sort()).toEqual([
      ['r-local', 'alive'],
      ['r-remote', 'alive'],
    ]);
    const page1 = await h.http('GET', '/agents?limit=3');
    const page2 = await h.http('GET', `/agents?limit=3&cursor=${page1.body.nextCursor}`);
    expect([...page1.body.items, ...page2.body.items].map((a: { id: string }) => a.id).sort()).toEqual([...ids].sort());
    expect(page2.body.nextCursor).toBeUndefined();

    const killedAt = Date.now();
    await h.kill('r-remote');
    const remoteIds = ids.filter((_, i) => owners[i] === 'r-remote');
    await waitFor(
      async () => {
        const list = await h.http('GET', '/agents?state=unknown');
        return list.body.items.length === remoteIds.length;
      },
      { timeoutMs: 3 * HEARTBEAT_MS + 1000, what: 'remote agents unknown' },
    );
    await waitFor(async () => (await h.http('GET', '/fleet')).body.runners.find((r: { runnerId: string }) => r.runnerId === 'r-remote')?.status === 'lost', {
      timeoutMs: 4 * HEARTBEAT_MS + 1000,
      what: 'remote runner lost',
    });
    expect(Date.now() - killedAt).toBeLessThan(4 * HEARTBEAT_MS + 1000);
    expect((await h.http('GET', `/agents/${remoteIds[0]}`)).body.state).toBe('unknown');
    const send = await h.http('POST', `/agents/${remoteIds[0]}/send`, { message: 'anyone?' });
    expect(send.status).toBe(409);
    expect(send.body.error.code).toBe('CONFLICT');
    const localId = ids[owners.indexOf('r-local')];
    expect((await h.http('GET', `/agents/${localId}`)).body.state).toBe('ready');

    // A runner that starts after all this learns the fleet's recent history from the stream.
    await h.stopService('r-local');
    await h.add({ name: 'agent-runner', id: 'r-late', env: { HEARTBEAT_MS: String(HEARTBEAT_MS), TMUX_SOCKET: SOCKET, TMUX_POLL_MS: '50' } });
    const fl = await h.http('GET', '/fleet');
    expect(fl.status, JSON.stringify(fl.body)).toBe(200);
    const statuses = fl.body.runners.map((r: { runnerId: string; status: string }) => [r.runnerId, r.status]).sort();
    expect(statuses).toEqual([
      ['r-late', 'alive'],
      ['r-local', 'stopped'],
      ['r-remote', 'lost'],
    ]);
    const unknown = (await h.http('GET', '/agents?state=unknown')).body.items.map((a: { id: string }) => a.id).sort();
    expect(unknown).toEqual([...remoteIds].sort());
  }, 60_000);
});
