import type { WriteCheckReply, WriteCheckRequest } from '@flywheel/contracts';
import { repoRelative } from '../domain/path-map.ts';
import { writeHolders } from '../domain/write-rule.ts';
import { reservedWriteConflict } from '../domain/conflict-facts.ts';
import { iso, type CoordCore } from './core.ts';
import { recordConflict } from './conflicts.ts';

/** The project of a writer coordination has not heard of (a hook's agent): the known worktree its path lies in. */
function projectOfPath(core: CoordCore, abs: string | undefined): string | undefined {
  if (!abs?.startsWith('/')) return undefined;
  let best: { projectId: string; len: number } | undefined;
  for (const t of core.repos.agents.allTrees()) {
    const root = t.treeRoot.replace(/\/+$/, '');
    if ((abs === root || abs.startsWith(`${root}/`)) && root.length > (best?.len ?? -1)) best = { projectId: t.projectId, len: root.length };
  }
  return best?.projectId;
}

/**
 * May this agent write these paths now? No when another agent holds one of them exclusively. A denial is
 * recorded as a `reserved_write` conflict after the reply, so the guard waits for the check only.
 */
export function writeCheck(core: CoordCore, req: WriteCheckRequest): WriteCheckReply {
  const agent = core.repos.agents.get(req.agentId);
  const projectId = agent?.projectId ?? req.projectId ?? projectOfPath(core, req.cwd ?? req.paths.find((p) => p.startsWith('/')));
  if (!projectId) return { allowed: true, holders: [] };
  const ctx = { cwd: req.cwd, ownRoot: agent?.treeRoot, roots: core.repos.agents.treeRoots(projectId) };
  const paths = req.paths.map((p) => repoRelative(p, ctx)).filter((p): p is string => p !== undefined);
  if (!paths.length) return { allowed: true, projectId, holders: [] };
  const held = core.repos.leases.active(projectId, iso(core.now()));
  const holders = writeHolders(req.agentId, paths, held, req.mayBeDirectory);
  if (holders.length)
    setImmediate(() =>
      recordDenials(core, projectId, req.agentId, holders, agent?.accountId ?? held.find((r) => r.id === holders[0].reservationId)?.accountId),
    );
  return { allowed: holders.length === 0, projectId, holders };
}

function recordDenials(core: CoordCore, projectId: string, writer: string, holders: WriteCheckReply['holders'], accountId: string | undefined): void {
  try {
    for (const h of holders) recordConflict(core, reservedWriteConflict(projectId, writer, h, { blocked: true, source: 'guard' }, accountId));
  } catch (err) {
    core.logger.error({ err }, 'reserved_write conflict not recorded');
  }
}
