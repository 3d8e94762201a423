import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError, conflictEvent, coordRpcs, reservationEvent, type ConflictEvent, type ReservationEvent } from '@flywheel/contracts';
import { connectNats, request, subscribe } from '@flywheel/kit';
import { testLogger, waitFor } from '@flywheel/kit/testing';
import { startCoordStack, type CoordStack } from './helpers/coord-stack.ts';

const P = 'prj_race000000000000';

describe('coordination reservations through NATS (real nats-server, real SQLite file)', () => {
  let s: CoordStack;
  const conflicts: ConflictEvent[] = [];
  const leases: ReservationEvent[] = [];
  beforeAll(async () => {
    s = await startCoordStack();
    subscribe(s.nc, conflictEvent, (e) => void conflicts.push(e), { logger: testLogger() });
    subscribe(s.nc, reservationEvent, (e) => void leases.push(e), { logger: testLogger() });
    await s.agent('race-a', { projectId: P, accountId: 'acme', treeRoot: '/repo' });
    await s.agent('race-b', { projectId: P, accountId: 'acme', treeRoot: '/repo-wt/b' });
  });
  afterAll(async () => s?.stop());

  it('racing exclusive requests: exactly one wins, 100 out of 100 trials', async () => {
    // Two connections, so the two requests race on the wire as two agents' would.
    const other = await connectNats({ url: s.nats.url, name: 'racer-2', logger: testLogger() });
    try {
      let oneWinner = 0;
      for (let i = 0; i < 100; i++) {
        const results = await Promise.allSettled([
          request(s.nc, coordRpcs.reserve, { agentId: 'race-a', patterns: [`t${i}/**`], mode: 'exclusive', ttlSeconds: 60 }),
          request(other, coordRpcs.reserve, { agentId: 'race-b', patterns: [`t${i}/src/*.ts`], mode: 'exclusive', ttlSeconds: 60 }),
        ]);
        const won = results.filter((r) => r.status === 'fulfilled');
        const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
        if (won.length === 1 && lost.length === 1 && (lost[0].reason as AppError).code === 'CONFLICT') oneWinner++;
      }
      expect(oneWinner).toBe(100);
      const active = await s.call(coordRpcs.reservations, { projectId: P, status: 'active', limit: 1000 });
      expect(active.items.filter((r) => r.patterns[0].startsWith('t'))).toHaveLength(100);
    } finally {
      await other.close();
    }
  }, 60_000);

  it('a refusal in a strict project is 409 naming the holder, and records a reservation_overlap conflict', async () => {
    const held = await s.call(coordRpcs.reserve, { agentId: 'race-a', patterns: ['src/**'] });
    const err = await s.call(coordRpcs.reserve, { agentId: 'race-b', patterns: ['src/api/*.ts'] }).catch((e: AppError) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('CONFLICT');
    expect((err as AppError).message).toContain('race-a');
    expect((err as AppError).details).toMatchObject({
      holders: [{ agentId: 'race-a', pattern: 'src/**', requested: 'src/api/*.ts', reservationId: held.reservation.id }],
    });
    const ev = await waitFor(() => conflicts.find((c) => c.conflict.type === 'reservation_overlap' && c.conflict.resource === 'src/**'), {
      what: 'overlap conflict event',
    });
    expect(ev.conflict.agents.sort()).toEqual(['race-a', 'race-b']);
  });

  it('an advisory project grants the overlap with the conflict list', async () => {
    await s.call(coordRpcs.settingsSet, { projectId: P, grantMode: 'advisory' });
    try {
      const r = await s.call(coordRpcs.reserve, { agentId: 'race-b', patterns: ['src/web/**'] });
      expect(r.conflicts.map((c) => c.agentId)).toEqual(['race-a']);
      expect(r.reservation.status).toBe('active');
    } finally {
      await s.call(coordRpcs.settingsSet, { projectId: P, grantMode: 'strict' });
    }
  });

  it('the write check denies another agent’s write to an exclusively held path, from any worktree, and lets the holder write', async () => {
    await s.call(coordRpcs.reserve, { agentId: 'race-a', patterns: ['lib/core/**'] });
    const denied = await s.call(coordRpcs.writeCheck, { agentId: 'race-b', cwd: '/repo-wt/b', paths: ['/repo-wt/b/lib/core/x.ts'] });
    expect(denied).toMatchObject({ allowed: false, projectId: P, holders: [{ agentId: 'race-a', pattern: 'lib/core/**', path: 'lib/core/x.ts' }] });
    expect((await s.call(coordRpcs.writeCheck, { agentId: 'race-a', paths: ['/repo/lib/core/x.ts'] })).allowed).toBe(true);
    expect((await s.call(coordRpcs.writeCheck, { agentId: 'race-b', paths: ['/repo-wt/b/README.md'] })).allowed).toBe(true);
    const dir = await s.call(coordRpcs.writeCheck, { agentId: 'race-b', cwd: '/repo-wt/b', paths: ['lib'], mayBeDirectory: true });
    expect(dir.allowed).toBe(false);
    await waitFor(() => conflicts.find((c) => c.conflict.type === 'reserved_write' && c.conflict.resource === 'lib/core/x.ts'), {
      what: 'reserved_write conflict',
    });
  });

  it('an agent credential acts only as its own agent', async () => {
    const err = await s
      .call(coordRpcs.reserve, { agentId: 'race-a', patterns: ['x/**'] }, { accountId: 'acme', role: 'operator', agentId: 'race-b' })
      .catch((e: AppError) => e);
    expect((err as AppError).code).toBe('FORBIDDEN');
    const other = await s
      .call(coordRpcs.reserve, { agentId: 'race-a', patterns: ['x/**'] }, { accountId: 'globex', role: 'operator' })
      .catch((e: AppError) => e);
    expect((other as AppError).code).toBe('FORBIDDEN');
  });

  it('leases die with their agent: a failed state event releases them at once', async () => {
    await s.agent('race-c', { projectId: P, accountId: 'acme', treeRoot: '/repo' });
    const r = await s.call(coordRpcs.reserve, { agentId: 'race-c', patterns: ['docs/**'] });
    await s.agent('race-c', { projectId: P, accountId: 'acme', state: 'failed' });
    const gone = await waitFor(
      async () => {
        const x = await s.call(coordRpcs.reservation, { id: r.reservation.id });
        return x.status === 'released' ? x : undefined;
      },
      { what: 'lease released' },
    );
    expect(gone.releaseReason).toBe('agent_ended');
    await waitFor(() => leases.find((e) => e.type === 'released' && e.reservation.id === r.reservation.id), { what: 'released event' });
  });
});
