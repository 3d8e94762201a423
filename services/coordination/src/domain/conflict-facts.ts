import type { ConflictType, ReservationHolder, Severity, Suggestion, WriteHolder } from '@flywheel/contracts';

/** A conflict about to be recorded (or counted again, when one with its fingerprint is open). */
export interface ConflictDraft {
  projectId: string;
  type: ConflictType;
  severity: Severity;
  agents: string[];
  resource: string;
  evidence: Record<string, unknown>;
  suggestions: Suggestion[];
  accountId?: string;
}

/** One open conflict per type, resource and agents (a tree's unmerged paths: per tree, whoever works in it). */
export const fingerprint = (d: Pick<ConflictDraft, 'projectId' | 'type' | 'resource' | 'agents'>): string =>
  `${d.projectId}|${d.type}|${d.resource}|${d.type === 'unmerged_paths' ? '' : [...new Set(d.agents)].sort().join(',')}`;

const wait = (h: { agentId: string; expiresAt: string }): Suggestion => ({
  kind: 'wait',
  text: `wait for agent ${h.agentId}'s lease to be released or to expire (${h.expiresAt})`,
});
const handoff = (holder: string, other: string): Suggestion => ({
  kind: 'handoff',
  text: `agent ${holder} hands the work to agent ${other} (POST /api/v1/handoffs)`,
});

/** A lease requested over another agent's: refused in a strict project, granted with this conflict in an advisory one. */
export function overlapConflict(projectId: string, requester: string, h: ReservationHolder, granted: boolean, accountId?: string): ConflictDraft {
  return {
    projectId,
    type: 'reservation_overlap',
    severity: granted ? 'high' : 'medium',
    agents: [requester, h.agentId],
    resource: h.pattern,
    accountId,
    evidence: { requested: h.requested, held: h.pattern, holderMode: h.mode, reservationId: h.reservationId, granted },
    suggestions: [
      wait(h),
      { kind: 'narrow', text: `narrow ${h.requested} so it no longer meets ${h.pattern}` },
      { kind: 'share', text: 'take both leases as shared when neither writes' },
      handoff(h.agentId, requester),
    ],
  };
}

/**
 * A write to a path another agent holds exclusively: denied by the guard (`blocked`), or seen in the agent's
 * tool calls, where whether it ran is not known (undefined: the guard decides apart, and its denial is its own fact).
 */
export function reservedWriteConflict(
  projectId: string,
  writer: string,
  h: WriteHolder,
  how: { blocked?: boolean; source: 'guard' | 'tool_event'; tool?: string },
  accountId?: string,
): ConflictDraft {
  return {
    projectId,
    type: 'reserved_write',
    severity: how.blocked === true ? 'medium' : how.blocked === false ? 'critical' : 'high',
    agents: [writer, h.agentId],
    resource: h.path,
    accountId,
    evidence: { path: h.path, pattern: h.pattern, holder: h.agentId, reservationId: h.reservationId, blocked: how.blocked, source: how.source, tool: how.tool },
    suggestions: [wait(h), handoff(h.agentId, writer), { kind: 'narrow', text: `agent ${h.agentId} narrows ${h.pattern} if it does not need ${h.path}` }],
  };
}

/** Two agents wrote one file within the window (possibly from different worktrees of the repository). */
export function concurrentWriteConflict(
  projectId: string,
  path: string,
  writes: { agentId: string; at: string; treeRoot?: string }[],
  windowS: number,
  accountId?: string,
): ConflictDraft {
  const agents = [...new Set(writes.map((w) => w.agentId))];
  return {
    projectId,
    type: 'concurrent_write',
    severity: 'high',
    agents,
    resource: path,
    accountId,
    evidence: { path, windowSeconds: windowS, writes },
    suggestions: [
      { kind: 'narrow', text: `one agent reserves ${path} exclusively before writing it` },
      handoff(agents[0], agents[1] ?? agents[0]),
      { kind: 'merge', text: 'compare the two versions and merge them by hand' },
    ],
  };
}

/** A working tree with unmerged paths (a merge or rebase stopped on conflicts). */
export function unmergedConflict(projectId: string, treeRoot: string, paths: string[], agentIds: string[], accountId?: string): ConflictDraft {
  return {
    projectId,
    type: 'unmerged_paths',
    severity: 'high',
    agents: agentIds,
    resource: treeRoot,
    accountId,
    evidence: { treeRoot, paths: paths.slice(0, 200), count: paths.length },
    suggestions: [{ kind: 'merge', text: `resolve the unmerged paths in ${treeRoot} (git status), then git add them` }],
  };
}
