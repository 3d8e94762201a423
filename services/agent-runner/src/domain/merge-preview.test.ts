import { describe, expect, it } from 'vitest';
import type { WorktreeListing } from '@flywheel/contracts';
import { fleetBranches, sharedFiles } from './merge-preview.ts';

const entry = (o: Partial<WorktreeListing>): WorktreeListing => ({
  path: `/repo/.flywheel/worktrees/${o.agentName ?? 'x'}`,
  repo: '/repo',
  branch: `flywheel/${o.agentName ?? 'x'}`,
  runnerId: 'r2',
  merged: false,
  dirty: false,
  unmergedCommits: 0,
  ...o,
});

describe('fleetBranches', () => {
  const self = { agentId: 'agt_a', repo: '/repo' };
  const all = () => true;

  it('keeps other agents of the same repository, once each, sorted', () => {
    const listing = [
      entry({ agentId: 'agt_c', agentName: 'c', agentState: 'ready', accountId: 'acct-a' }),
      entry({ agentId: 'agt_b', agentName: 'b', agentState: 'executing', accountId: 'acct-a', runnerId: 'r1' }),
      entry({ agentId: 'agt_b', agentName: 'b', agentState: 'executing', accountId: 'acct-a', runnerId: 'r1' }),
    ];
    expect(fleetBranches(listing, self, new Set(), all)).toEqual([
      { agentId: 'agt_b', name: 'b', branch: 'flywheel/b', state: 'executing', path: '/repo/.flywheel/worktrees/b', repo: '/repo', runnerId: 'r1' },
      { agentId: 'agt_c', name: 'c', branch: 'flywheel/c', state: 'ready', path: '/repo/.flywheel/worktrees/c', repo: '/repo', runnerId: 'r2' },
    ]);
  });

  it('leaves out itself, known agents, other repositories, agentless or branchless worktrees', () => {
    const listing = [
      entry({ agentId: 'agt_a', agentName: 'a' }),
      entry({ agentId: 'agt_k', agentName: 'k' }),
      entry({ agentId: 'agt_o', agentName: 'o', repo: '/other' }),
      entry({ agentName: 'orphan' }),
      entry({ agentId: 'agt_d', agentName: 'd', branch: undefined }),
    ];
    expect(fleetBranches(listing, self, new Set(['agt_k']), all)).toEqual([]);
  });

  it('keeps a branch the listing calls merged (no commits yet, uncommitted work): git decides what it changes', () => {
    const listing = [entry({ agentId: 'agt_m', agentName: 'm', merged: true, dirty: true })];
    expect(fleetBranches(listing, self, new Set(), all).map((b) => b.agentId)).toEqual(['agt_m']);
  });

  it("asks canSee about each agent's account; no state is unknown, no name is the id", () => {
    const listing = [
      entry({ agentId: 'agt_x', accountId: 'acct-b' }),
      entry({ agentId: 'agt_y', accountId: 'acct-a', agentName: undefined, branch: 'flywheel/y' }),
    ];
    const seen = fleetBranches(listing, self, new Set(), (acct) => acct === 'acct-a');
    expect(seen).toEqual([expect.objectContaining({ agentId: 'agt_y', name: 'agt_y', state: 'unknown' })]);
  });
});

describe('sharedFiles', () => {
  it('keeps my order, only files both change', () => {
    expect(sharedFiles(['b.txt', 'a.txt', 'c.txt'], ['a.txt', 'b.txt', 'z.txt'])).toEqual(['b.txt', 'a.txt']);
    expect(sharedFiles([], ['a'])).toEqual([]);
  });
});
