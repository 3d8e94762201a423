import type { AgentState, WorktreeListing } from '@flywheel/contracts';

/** Another agent's worktree in the same repository, as the fleet listing tells it (any runner on this host). */
export interface FleetBranch {
  agentId: string;
  name: string;
  branch: string;
  state: AgentState;
  path: string;
  repo: string;
  runnerId: string;
}

/**
 * Which agents of the fleet listing the merge preview compares against: other agents' worktree branches in the
 * same repository, that the caller may see (`canSee` on the agent's account), once per agent, leaving out those
 * already compared from this runner's own records (`known`). The listing's `merged` is not a reason to leave one
 * out: a branch with no commits yet counts as merged, while its worktree holds uncommitted work; git tells.
 */
export function fleetBranches(
  listing: readonly WorktreeListing[],
  self: { agentId: string; repo: string },
  known: ReadonlySet<string>,
  canSee: (accountId: string | undefined) => boolean,
): FleetBranch[] {
  const out = new Map<string, FleetBranch>();
  for (const w of listing) {
    if (!w.agentId || !w.branch || w.agentId === self.agentId || known.has(w.agentId)) continue;
    if (w.repo !== self.repo || !canSee(w.accountId) || out.has(w.agentId)) continue;
    out.set(w.agentId, {
      agentId: w.agentId,
      name: w.agentName ?? w.agentId,
      branch: w.branch,
      state: w.agentState ?? 'unknown',
      path: w.path,
      repo: w.repo,
      runnerId: w.runnerId,
    });
  }
  return [...out.values()].sort((a, b) => a.agentId.localeCompare(b.agentId));
}

/** The files both sides change, in the order of `mine`. */
export const sharedFiles = (mine: readonly string[], theirs: Iterable<string>): string[] => {
  const t = new Set(theirs);
  return mine.filter((f) => t.has(f));
};
