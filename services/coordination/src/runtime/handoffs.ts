import { agentRpcs, AppError, limitedTo, newId, type CoordAgent, type Handoff, type HandoffCreate, type HandoffPhase } from '@flywheel/contracts';
import type { RpcCall } from '@flywheel/kit';
import { assertActsAs, assertSees, type Caller } from '../domain/access.ts';
import { assertMove, handoffMessage } from '../domain/handoff-flow.ts';
import type { HandoffQuery } from '../db/handoffs-repo.ts';
import { inTransaction, iso, knownAgent, plusSeconds, type CoordCore } from './core.ts';
import { deliver } from './messages.ts';

const step = (phase: HandoffPhase, at: string, by?: string, note?: string) => ({ phase, at, ...(by ? { by } : {}), ...(note ? { note } : {}) });

const bad = (field: string, why: string) => new AppError('BAD_REQUEST', `invalid ${field}: ${why}`, { field });

type CreateReq = HandoffCreate & { actor?: string };

/** The checks both kinds of handoff share; the record to store in `pending` (its target set by the caller). */
function draft(core: CoordCore, req: CreateReq, caller: Caller, toAgentId?: string): { h: Handoff; from: CoordAgent } {
  const from = knownAgent(core, req.fromAgentId, 'fromAgentId');
  assertActsAs(caller, from);
  const now = core.now();
  const active = core.repos.leases.activeOf(from.agentId, iso(now)).filter((r) => r.projectId === from.projectId);
  const unknown = req.reservationIds?.find((id) => !active.some((r) => r.id === id));
  if (unknown) throw bad('reservationIds', `${unknown} is not an active reservation of agent ${from.agentId}`);
  const at = iso(now);
  const by = req.actor ?? caller.agentId;
  const h: Handoff = {
    id: newId('hof'),
    projectId: from.projectId,
    fromAgentId: from.agentId,
    ...(toAgentId ? { toAgentId } : {}),
    accountId: from.accountId,
    phase: 'pending',
    context: req.context,
    reservationIds: req.reservationIds ?? active.map((r) => r.id),
    createdAt: at,
    updatedAt: at,
    expiresAt: plusSeconds(now, req.ttlSeconds ?? core.config.HANDOFF_TTL_S),
    deliveryAttempts: 0,
    trail: [step('initiated', at, by), step('pending', at)],
  };
  return { h, from };
}

function store(core: CoordCore, h: Handoff): void {
  core.repos.handoffs.insert(h);
  core.events.handoff('initiated', { ...h, phase: 'initiated' });
  core.events.handoff('pending', h);
}

/** A handoff to an existing live agent of the source's project: pending until the target accepts. */
export function createHandoff(core: CoordCore, req: CreateReq, caller: Caller): Handoff {
  if (!req.toAgentId) throw bad('toAgentId', 'give toAgentId or spawn');
  const to = knownAgent(core, req.toAgentId, 'toAgentId');
  const { h, from } = draft(core, req, caller, to.agentId);
  if (to.agentId === from.agentId) throw bad('toAgentId', 'an agent cannot hand off to itself');
  if (to.projectId !== from.projectId || to.accountId !== from.accountId)
    throw bad('toAgentId', `agent ${to.agentId} is not an agent of project ${from.projectId}`);
  if (!to.live) throw bad('toAgentId', `agent ${to.agentId} has ended`);
  store(core, h);
  return h;
}

/**
 * A handoff to an agent started for it: the target is spawned in the source's account and project (working directory
 * by default the source's) with the context message as its first prompt, then counts as having accepted — the leases
 * move to it in one transaction and the handoff completes (its first prompt was the delivery). A spawn that fails
 * leaves the handoff `failed` with the reason and the leases with the source.
 */
export async function createSpawnHandoff(core: CoordCore, runner: RpcCall, req: CreateReq, caller: Caller): Promise<Handoff> {
  const spec = req.spawn;
  if (!spec) throw bad('spawn', 'give toAgentId or spawn');
  const { h: h0, from } = draft(core, req, caller);
  const by = req.actor ?? caller.agentId;
  const source = spec.workingDirectory ? undefined : await runner(agentRpcs.get, { agentId: from.agentId });
  const workingDirectory = spec.workingDirectory ?? source!.workingDirectory;
  store(core, h0);
  const patterns = h0.reservationIds.flatMap((id) => core.repos.leases.get(id)?.patterns ?? []);
  let agentId: string;
  try {
    const agent = await runner(agentRpcs.spawn, {
      ...spec,
      workingDirectory,
      prompt: handoffMessage(h0, patterns).body,
      projectId: from.projectId,
      name: spec.name ?? `handoff ${h0.id}`,
      actor: by ?? `coordination/handoff:${h0.id}`,
      ...(from.accountId ? { accountId: from.accountId } : {}),
    });
    agentId = agent.id;
    core.repos.agents.seen({ agentId, projectId: from.projectId, state: agent.state, at: iso(core.now()), accountId: from.accountId });
  } catch (err) {
    const e = err instanceof AppError ? err : new AppError('INTERNAL', (err as Error).message);
    const why = `spawn failed: ${e.code}: ${e.message}`;
    return advance(core, core.repos.handoffs.get(h0.id)!, 'failed', { lastError: why }, 'coordination', why);
  }
  core.repos.handoffs.setTarget(h0.id, agentId);
  const h = acceptHandoff(core, { id: h0.id, actor: by ?? 'coordination', note: `spawned agent ${agentId}` }, {});
  return advance(core, h, 'completed', { deliveredAt: iso(core.now()), deliveryAttempts: 1 }, 'coordination', 'context delivered as the first prompt');
}

export function getHandoff(core: CoordCore, id: string, caller: Caller): Handoff {
  const h = core.repos.handoffs.get(id);
  if (!h) throw new AppError('NOT_FOUND', `no handoff ${id}`);
  assertSees(caller, h.accountId, `handoff ${id}`);
  return h;
}

export const listHandoffs = (core: CoordCore, q: Omit<HandoffQuery, 'accountId'>, caller: Caller) =>
  core.repos.handoffs.list({ ...q, accountId: limitedTo(caller) });

/** Moves a handoff to its next phase with a trail step; announces it. */
export function advance(core: CoordCore, h: Handoff, to: HandoffPhase, extra: Partial<Handoff> = {}, by?: string, note?: string): Handoff {
  assertMove(h, to);
  const at = iso(core.now());
  const next = core.repos.handoffs.update(h.id, { ...extra, phase: to, updatedAt: at, trail: [...h.trail, step(to, at, by, note)] });
  core.events.handoff(to, next);
  return next;
}

/** The target (or its account's operator) accepts: leases move and the context message is stored in one transaction. */
export function acceptHandoff(core: CoordCore, req: { id: string; note?: string; actor?: string }, caller: Caller): Handoff {
  const h0 = getHandoff(core, req.id, caller);
  if (caller.agentId && caller.agentId !== h0.toAgentId) throw new AppError('FORBIDDEN', `only agent ${h0.toAgentId} may accept handoff ${h0.id}`);
  const now = core.now();
  if (h0.phase === 'pending' && h0.expiresAt <= iso(now)) throw new AppError('CONFLICT', `handoff ${h0.id} expired at ${h0.expiresAt}`);
  assertMove(h0, 'accepted');
  if (!h0.toAgentId) throw new AppError('CONFLICT', `handoff ${h0.id} has no target agent`);
  const to = knownAgent(core, h0.toAgentId, 'toAgentId');
  const by = req.actor ?? caller.agentId;
  const moved = inTransaction(core, () => {
    const leases = h0.reservationIds
      .map((id) => core.repos.leases.get(id))
      .filter((r) => r && r.status === 'active' && r.expiresAt > iso(now) && r.agentId === h0.fromAgentId);
    const transferred = leases.map((r) => core.repos.leases.update(r!.id, { agentId: to.agentId, accountId: to.accountId }));
    const accepted = advance(core, h0, 'accepted', {}, by, req.note);
    const text = handoffMessage(
      accepted,
      transferred.flatMap((r) => r.patterns),
    );
    const message = deliver(core, {
      projectId: h0.projectId,
      from: h0.fromAgentId,
      to: [to.agentId],
      broadcast: false,
      importance: 'high',
      ackRequired: true,
      accountId: h0.accountId,
      threadId: h0.id,
      ...text,
    });
    return { transferred, h: advance(core, accepted, 'transferring', { messageId: message.id }, by, `${transferred.length} reservation(s) moved`) };
  });
  for (const r of moved.transferred) core.events.reservation('transferred', r);
  return moved.h;
}

export function closeHandoff(core: CoordCore, req: { id: string; note?: string; actor?: string }, to: 'rejected' | 'cancelled', caller: Caller): Handoff {
  const h = getHandoff(core, req.id, caller);
  const who = to === 'rejected' ? h.toAgentId : h.fromAgentId;
  if (caller.agentId && caller.agentId !== who)
    throw new AppError('FORBIDDEN', `only agent ${who} may ${to === 'rejected' ? 'reject' : 'cancel'} handoff ${h.id}`);
  return advance(core, h, to, {}, req.actor ?? caller.agentId, req.note);
}
