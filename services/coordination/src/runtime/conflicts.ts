import { AppError, limitedTo, newId, type Conflict } from '@flywheel/contracts';
import type { ConflictDraft } from '../domain/conflict-facts.ts';
import { assertSees, type Caller } from '../domain/access.ts';
import type { ConflictQuery } from '../db/conflicts-repo.ts';
import { iso, type CoordCore } from './core.ts';

/** Stores a detected conflict (or counts it again) and announces it on workspace.conflicts.<project>. */
export function recordConflict(core: CoordCore, d: ConflictDraft): Conflict {
  const { conflict, recurred } = core.repos.conflicts.record(d, newId('cfl'), iso(core.now()));
  core.events.conflict(recurred ? 'recurred' : 'detected', conflict);
  return conflict;
}

export function resolveConflict(core: CoordCore, req: { id: string; resolution: string; actor?: string }, caller: Caller): Conflict {
  const c = getConflict(core, req.id, caller);
  if (c.status === 'resolved') throw new AppError('CONFLICT', `conflict ${c.id} is already resolved`);
  const done = core.repos.conflicts.resolve(c.id, req.actor ?? caller.agentId, req.resolution, iso(core.now()));
  core.events.conflict('resolved', done);
  return done;
}

export function getConflict(core: CoordCore, id: string, caller: Caller): Conflict {
  const c = core.repos.conflicts.get(id);
  if (!c) throw new AppError('NOT_FOUND', `no conflict ${id}`);
  assertSees(caller, c.accountId, `conflict ${id}`);
  return c;
}

export const listConflicts = (core: CoordCore, q: Omit<ConflictQuery, 'accountId'>, caller: Caller) =>
  core.repos.conflicts.list({ ...q, accountId: limitedTo(caller) });
