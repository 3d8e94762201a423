import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppError, coordRpcs } from '@flywheel/contracts';
import { startCoordStack, type CoordStack } from './helpers/coord-stack.ts';

const P = 'prj_restart000000000';

describe('restarting the coordination service', () => {
  let s: CoordStack;
  beforeAll(async () => {
    s = await startCoordStack();
    for (const id of ['rs-a', 'rs-b']) await s.agent(id, { projectId: P, accountId: 'acme', treeRoot: `/trees/${id}` });
  });
  afterAll(async () => s?.stop());

  it('keeps reservations, messages, conflicts, handoffs and the agent registry', async () => {
    const lease = await s.call(coordRpcs.reserve, { agentId: 'rs-a', patterns: ['src/**'], reason: 'before restart' });
    await s.call(coordRpcs.reserve, { agentId: 'rs-b', patterns: ['src/a.ts'] }).catch((e: AppError) => e);
    const message = await s.call(coordRpcs.send, { from: 'rs-a', to: ['rs-b'], subject: 'hello', body: 'kept?', ackRequired: true });
    const handoff = await s.call(coordRpcs.handoff, { fromAgentId: 'rs-a', toAgentId: 'rs-b', context: { goal: 'carry on', status: 'partial' } });
    const conflicts = await s.call(coordRpcs.conflicts, { projectId: P });
    expect(conflicts.items).toHaveLength(1);

    await s.restart();

    expect(await s.call(coordRpcs.reservation, { id: lease.reservation.id })).toEqual(lease.reservation);
    expect((await s.call(coordRpcs.messages, { agentId: 'rs-b' })).items).toMatchObject([
      { id: message.id, subject: 'hello', body: 'kept?', ackRequired: true },
    ]);
    expect(await s.call(coordRpcs.conflicts, { projectId: P })).toEqual(conflicts);
    expect(await s.call(coordRpcs.handoffGet, { id: handoff.id })).toEqual(handoff);
    expect((await s.call(coordRpcs.agents, { projectId: P })).items.map((a) => a.agentId).sort()).toEqual(['rs-a', 'rs-b']);
    // And they still act: the lease still blocks, the write check still knows the trees.
    const blocked = await s.call(coordRpcs.reserve, { agentId: 'rs-b', patterns: ['src/**'] }).catch((e: AppError) => e);
    expect((blocked as AppError).code).toBe('CONFLICT');
    expect((await s.call(coordRpcs.writeCheck, { agentId: 'rs-b', paths: ['/trees/rs-b/src/x.ts'] })).allowed).toBe(false);
  });
});
