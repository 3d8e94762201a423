/** core.git: commands that lose uncommitted work, rewrite shared history or destroy stashes. */
import type { BuiltinPack } from '../rule-types.ts';
import { branchForceDelete, checkoutDiscard, checkoutForce, cleanForce, gitRule, pushForce, resetMode, restoreWorktree, stashAction } from './git-rules.ts';

export const coreGit: BuiltinPack = {
  id: 'core.git',
  name: 'Core Git',
  description: 'Blocks git commands that discard uncommitted work, rewrite remote history or destroy stashes.',
  keywords: ['git'],
  alwaysOn: true,
  enabledByDefault: true,
  defaultAction: 'deny',
  rules: [
    {
      id: 'reset-hard',
      severity: 'critical',
      explanation: 'git reset --hard discards every uncommitted change in the index and working tree; they cannot be recovered.',
      safeAlternative: 'git stash push --include-untracked',
      test: gitRule(['reset'], resetMode('hard', 1)),
    },
    {
      id: 'reset-merge',
      severity: 'high',
      explanation: 'git reset --merge overwrites working-tree files and can lose uncommitted changes.',
      safeAlternative: 'git merge --abort',
      test: gitRule(['reset'], resetMode('merge', 2)),
    },
    {
      id: 'checkout-discard',
      severity: 'high',
      explanation: 'git checkout -- <path> overwrites the working copy of those paths; uncommitted edits are lost.',
      safeAlternative: 'git stash push -- path/to/file',
      test: gitRule(['checkout'], checkoutDiscard),
    },
    {
      id: 'checkout-force',
      severity: 'high',
      explanation: 'git checkout/switch --force throws away local modifications while switching branches.',
      safeAlternative: 'git switch main',
      test: gitRule(['checkout', 'switch'], checkoutForce),
    },
    {
      id: 'restore-worktree',
      severity: 'high',
      explanation: 'git restore of the working tree discards uncommitted changes to those files.',
      safeAlternative: 'git restore --staged path/to/file',
      test: gitRule(['restore'], restoreWorktree),
    },
    {
      id: 'clean-force',
      severity: 'critical',
      explanation: 'git clean -f permanently deletes untracked files, which git has no copy of.',
      safeAlternative: 'git clean -n -d',
      test: gitRule(['clean'], cleanForce),
    },
    {
      id: 'push-force',
      severity: 'critical',
      explanation: 'git push --force (or -f, +refspec, --mirror) overwrites remote history and can delete commits others pushed.',
      safeAlternative: 'git push --force-with-lease',
      test: gitRule(['push'], pushForce),
    },
    {
      id: 'branch-force-delete',
      severity: 'high',
      explanation: 'git branch -D deletes a branch even when its commits are not merged anywhere.',
      safeAlternative: 'git branch -d feature-branch',
      test: gitRule(['branch'], branchForceDelete),
    },
    {
      id: 'stash-drop',
      severity: 'high',
      explanation: 'git stash drop deletes a stash entry; its changes exist nowhere else.',
      safeAlternative: 'git stash list',
      test: gitRule(['stash'], stashAction('drop')),
    },
    {
      id: 'stash-clear',
      severity: 'critical',
      explanation: 'git stash clear deletes every stash entry at once.',
      safeAlternative: 'git stash list',
      test: gitRule(['stash'], stashAction('clear')),
    },
  ],
};
