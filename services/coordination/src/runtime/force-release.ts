import { AppError, type Reservation } from '@flywheel/contracts';
import { assertSees, type Caller } from '../domain/access.ts';
import { iso, type CoordCore } from './core.ts';
import { endLeases } from './reservations.ts';
import { deliver, SYSTEM_SENDER } from './messages.ts';

/** Is the holder gone: ended, unknown, or silent (no state event) for STALE_AFTER_S? */
export function isStale(core: CoordCore, agentId: string): { stale: boolean; why: string } {
  const a = core.repos.agents.get(agentId);
  if (!a) return { stale: true, why: `agent ${agentId} is unknown` };
  if (!a.live) return { stale: true, why: `agent ${agentId} has ended (${a.state})` };
  const silentS = (core.now().getTime() - Date.parse(a.lastSeenAt)) / 1000;
  if (silentS >= core.config.STALE_AFTER_S) return { stale: true, why: `agent ${agentId} has been silent for ${Math.round(silentS)} s` };
  return { stale: false, why: `agent ${agentId} is ${a.state} and was last seen at ${a.lastSeenAt}` };
}

/** Releases a stale lease (CONFLICT while its holder is alive and recently seen) and tells the holder why. */
export function forceRelease(core: CoordCore, req: { id: string; reason?: string; actor?: string }, caller: Caller): Reservation {
  const r = core.repos.leases.get(req.id);
  if (!r) throw new AppError('NOT_FOUND', `no reservation ${req.id}`);
  assertSees(caller, r.accountId, `reservation ${r.id}`);
  if (r.status !== 'active' || r.expiresAt <= iso(core.now())) throw new AppError('CONFLICT', `reservation ${r.id} is no longer active`);
  const stale = isStale(core, r.agentId);
  if (!stale.stale) throw new AppError('CONFLICT', `reservation ${r.id} is not stale: ${stale.why}; wait for it to expire at ${r.expiresAt} or ask the holder`);
  const [ended] = endLeases(core, [r], { reason: 'force_released', by: req.actor ?? caller.agentId });
  deliver(core, {
    projectId: r.projectId,
    from: SYSTEM_SENDER,
    to: [r.agentId],
    broadcast: false,
    importance: 'high',
    ackRequired: false,
    accountId: r.accountId,
    subject: `Your reservation of ${r.patterns.join(', ')} was force-released`,
    body: `Reservation ${r.id} (${r.patterns.join(', ')}) was released by ${req.actor ?? 'an operator'} because ${stale.why}.${req.reason ? ` Reason: ${req.reason}` : ''} Reserve again before writing these paths.`,
  });
  return ended;
}
