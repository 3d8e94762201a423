import { AppError, newId, type Reservation, type ReserveReply, type ReserveRequest } from '@flywheel/contracts';
import { assertActsAs, type Caller } from '../domain/access.ts';
import { blockingHolders, describeHolder } from '../domain/conflict-rule.ts';
import { overlapConflict } from '../domain/conflict-facts.ts';
import { inTransaction, iso, knownAgent, plusSeconds, type CoordCore } from './core.ts';
import { recordConflict } from './conflicts.ts';

/**
 * Grants a lease unless, in a strict project, another agent's lease stands in the way (409 naming the holders).
 * The read of the project's leases, the check and the insert are one immediate SQLite transaction, so two
 * racing exclusive requests never both win.
 */
export function reserve(core: CoordCore, req: ReserveRequest & { actor?: string }, caller: Caller): ReserveReply {
  const agent = knownAgent(core, req.agentId);
  assertActsAs(caller, agent);
  if (!agent.live) throw new AppError('BAD_REQUEST', `invalid agentId: agent ${agent.agentId} has ended (${agent.state})`, { field: 'agentId' });
  const projectId = req.projectId ?? agent.projectId;
  if (projectId !== agent.projectId)
    throw new AppError('BAD_REQUEST', `invalid projectId: agent ${agent.agentId} works in project ${agent.projectId}`, { field: 'projectId' });
  const settings = core.repos.settings.get(projectId);
  const now = core.now();
  const outcome = inTransaction(core, () => {
    const holders = blockingHolders({ agentId: agent.agentId, mode: req.mode, patterns: req.patterns }, core.repos.leases.active(projectId, iso(now)));
    if (holders.length && settings.grantMode === 'strict') return { holders };
    const reservation: Reservation = {
      id: newId('rsv'),
      projectId,
      agentId: agent.agentId,
      accountId: agent.accountId,
      patterns: req.patterns,
      mode: req.mode,
      reason: req.reason,
      status: 'active',
      createdAt: iso(now),
      expiresAt: plusSeconds(now, req.ttlSeconds ?? settings.defaultTtlSeconds),
    };
    core.repos.leases.insert(reservation);
    return { holders, reservation };
  });
  for (const h of outcome.holders) recordConflict(core, overlapConflict(projectId, agent.agentId, h, !!outcome.reservation, agent.accountId));
  if (!outcome.reservation) {
    throw new AppError('CONFLICT', `already reserved: ${outcome.holders.map(describeHolder).join('; ')}`, { holders: outcome.holders });
  }
  core.events.reservation('acquired', outcome.reservation, outcome.holders);
  return { reservation: outcome.reservation, conflicts: outcome.holders };
}

/** A lease the caller may act on (as its holder, or for the holder's account). */
function ownLease(core: CoordCore, id: string, caller: Caller): Reservation {
  const r = core.repos.leases.get(id);
  if (!r) throw new AppError('NOT_FOUND', `no reservation ${id}`);
  assertActsAs(caller, r);
  return r;
}

const isActive = (r: Reservation, now: Date) => r.status === 'active' && r.expiresAt > iso(now);

export function renew(core: CoordCore, req: { id: string; ttlSeconds?: number }, caller: Caller): Reservation {
  const r = ownLease(core, req.id, caller);
  const now = core.now();
  if (!isActive(r, now)) throw new AppError('CONFLICT', `reservation ${r.id} is ${r.status === 'active' ? 'expired' : r.status}; reserve again`);
  const ttl = req.ttlSeconds ?? core.repos.settings.get(r.projectId).defaultTtlSeconds;
  core.repos.leases.clearWarning(r.id);
  const renewed = core.repos.leases.update(r.id, { expiresAt: plusSeconds(now, ttl), renewedAt: iso(now) });
  core.events.reservation('renewed', renewed);
  return renewed;
}

/** Ends active leases; each is announced. */
export function endLeases(core: CoordCore, leases: Reservation[], how: { reason: Reservation['releaseReason']; by?: string }): Reservation[] {
  const at = iso(core.now());
  const status = how.reason === 'expired' ? 'expired' : 'released';
  const ended = leases.map((r) =>
    core.repos.leases.update(r.id, { status, releasedAt: how.reason === 'expired' ? r.expiresAt : at, releaseReason: how.reason, releasedBy: how.by }),
  );
  for (const r of ended) core.events.reservation(status === 'expired' ? 'expired' : 'released', r);
  return ended;
}

export function release(
  core: CoordCore,
  req: { agentId?: string; projectId?: string; ids?: string[]; patterns?: string[]; actor?: string },
  caller: Caller,
): Reservation[] {
  const now = core.now();
  const by = req.actor ?? caller.agentId;
  if (req.ids)
    return endLeases(
      core,
      req.ids.map((id) => ownLease(core, id, caller)).filter((r) => isActive(r, now)),
      { reason: 'released', by },
    );
  const agentId = req.agentId ?? caller.agentId;
  if (!agentId) throw new AppError('BAD_REQUEST', 'invalid agentId: give agentId or ids', { field: 'agentId' });
  const agent = knownAgent(core, agentId);
  assertActsAs(caller, agent);
  const mine = core.repos.leases.activeOf(agentId, iso(now)).filter((r) => !req.projectId || r.projectId === req.projectId);
  const chosen = req.patterns ? mine.filter((r) => r.patterns.some((p) => req.patterns!.includes(p))) : mine;
  return endLeases(core, chosen, { reason: 'released', by });
}
