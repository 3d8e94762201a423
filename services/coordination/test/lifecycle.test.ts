import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppError, coordRpcs, handoffEvent, reservationEvent, type HandoffEvent, type ReservationEvent } from '@flywheel/contracts';
import { subscribe } from '@flywheel/kit';
import { testLogger, waitFor } from '@flywheel/kit/testing';
import { startCoordStack, type CoordStack } from './helpers/coord-stack.ts';

const P = 'prj_lifecycle0000000';
const err = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: AppError) => e,
  );

describe('leases, messages and handoffs over time', () => {
  let s: CoordStack;
  const leases: ReservationEvent[] = [];
  const handoffs: HandoffEvent[] = [];
  beforeAll(async () => {
    s = await startCoordStack({ SWEEP_MS: '50', EXPIRING_WARNING_S: '5', HANDOFF_TTL_S: '10', STALE_AFTER_S: '600' });
    subscribe(s.nc, reservationEvent, (e) => void leases.push(e), { logger: testLogger() });
    subscribe(s.nc, handoffEvent, (e) => void handoffs.push(e), { logger: testLogger() });
    for (const id of ['lc-a', 'lc-b', 'lc-c']) await s.agent(id, { projectId: P, accountId: 'acme', treeRoot: '/lc' });
  });
  afterAll(async () => s?.stop());

  it('a lease warns before it expires, then expires; a renewal moves the expiry', async () => {
    const r = await s.call(coordRpcs.reserve, { agentId: 'lc-a', patterns: ['tmp/**'], ttlSeconds: 10 });
    await waitFor(() => leases.find((e) => e.type === 'expiring' && e.reservation.id === r.reservation.id), { what: 'expiring warning' });
    const renewed = await s.call(coordRpcs.renew, { id: r.reservation.id, ttlSeconds: 3600 });
    expect(Date.parse(renewed.expiresAt)).toBeGreaterThan(Date.parse(r.reservation.expiresAt));
    const short = await s.call(coordRpcs.reserve, { agentId: 'lc-a', patterns: ['short/**'], ttlSeconds: 10 });
    await waitFor(() => leases.find((e) => e.type === 'expired' && e.reservation.id === short.reservation.id), { what: 'expired', timeoutMs: 15_000 });
    expect((await s.call(coordRpcs.reservation, { id: short.reservation.id })).status).toBe('expired');
  }, 20_000);

  it('shared leases coexist; an exclusive one over them is refused', async () => {
    await s.call(coordRpcs.reserve, { agentId: 'lc-a', patterns: ['docs/**'], mode: 'shared' });
    await s.call(coordRpcs.reserve, { agentId: 'lc-b', patterns: ['docs/*.md'], mode: 'shared' });
    expect((await err(s.call(coordRpcs.reserve, { agentId: 'lc-c', patterns: ['docs/a.md'] })))?.code).toBe('CONFLICT');
  });

  it('force-release refuses a live holder, takes the lease of a silent one and tells it why', async () => {
    await s.agent('lc-c', { projectId: P, accountId: 'acme' });
    const r = await s.call(coordRpcs.reserve, { agentId: 'lc-c', patterns: ['cfg/**'] });
    expect((await err(s.call(coordRpcs.forceRelease, { id: r.reservation.id })))?.message).toMatch(/not stale: agent lc-c is ready/);
    // The runner last heard from it an hour ago: silent past STALE_AFTER_S.
    await s.agent('lc-c', { projectId: P, accountId: 'acme', state: 'executing', at: new Date(Date.now() - 3_600_000).toISOString() });
    const released = await s.call(coordRpcs.forceRelease, { id: r.reservation.id, reason: 'stuck', actor: 'acme/op' });
    expect(released).toMatchObject({ status: 'released', releaseReason: 'force_released', releasedBy: 'acme/op' });
    const inbox = await s.call(coordRpcs.messages, { agentId: 'lc-c' });
    expect(inbox.items[0]).toMatchObject({ from: 'coordination', subject: expect.stringContaining('cfg/**') });
    expect(inbox.items[0].body).toMatch(/silent for \d+ s.*Reason: stuck/);
  });

  it('handoffs: reject and cancel end pending ones; an unaccepted one expires; the wrong agent may not accept', async () => {
    const ctx = { goal: 'g', status: 'partial' as const };
    const h1 = await s.call(coordRpcs.handoff, { fromAgentId: 'lc-a', toAgentId: 'lc-b', context: ctx });
    expect((await err(s.call(coordRpcs.accept, { id: h1.id }, { accountId: 'acme', role: 'operator', agentId: 'lc-a' })))?.code).toBe('FORBIDDEN');
    expect((await s.call(coordRpcs.reject, { id: h1.id, note: 'busy' })).phase).toBe('rejected');
    expect((await err(s.call(coordRpcs.accept, { id: h1.id })))?.code).toBe('CONFLICT');
    const h2 = await s.call(coordRpcs.handoff, { fromAgentId: 'lc-a', toAgentId: 'lc-b', context: ctx });
    expect((await s.call(coordRpcs.cancel, { id: h2.id })).phase).toBe('cancelled');
    const h3 = await s.call(coordRpcs.handoff, { fromAgentId: 'lc-a', toAgentId: 'lc-b', context: ctx, ttlSeconds: 10 });
    await waitFor(() => handoffs.find((e) => e.type === 'expired' && e.handoff.id === h3.id), { what: 'handoff expired', timeoutMs: 15_000 });
  }, 20_000);
});
