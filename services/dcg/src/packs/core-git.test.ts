import { describe, expect, it } from 'vitest';
import { createEngine } from '../index.ts';

const engine = createEngine({ failMode: 'closed' });

describe('core.git', () => {
  it.each([
    ['git reset --hard', 'reset-hard'],
    ['git reset --hard HEAD~1', 'reset-hard'],
    ['git reset --ha', 'reset-hard'],
    ['git reset --merge', 'reset-merge'],
    ['git reset --me', 'reset-merge'],
    ['git checkout -- .', 'checkout-discard'],
    ['git checkout main -- package.json', 'checkout-discard'],
    ['git checkout ./src', 'checkout-discard'],
    ['git checkout :/', 'checkout-discard'],
    ['git switch -f main', 'checkout-force'],
    ['git restore .', 'restore-worktree'],
    ['git restore --staged --worktree a.ts', 'restore-worktree'],
    ['git restore -W a.ts', 'restore-worktree'],
    ['git clean -df', 'clean-force'],
    ['git clean -xfd', 'clean-force'],
    ['git push origin main --force', 'push-force'],
    ['git push -uf origin main', 'push-force'],
    ['git push origin +HEAD:main', 'push-force'],
    ['git branch -D old', 'branch-force-delete'],
    ['git branch -fd old', 'branch-force-delete'],
    ['git stash drop', 'stash-drop'],
    ['git stash clear', 'stash-clear'],
  ])('denies %s as %s', (command, rule) => {
    expect(engine.check(command)).toMatchObject({ decision: 'deny', ruleId: `core.git:${rule}`, packId: 'core.git' });
  });

  it.each([
    'git status',
    'git log --oneline --graph',
    'git diff HEAD~1',
    'git show HEAD:package.json',
    'git reset',
    'git reset HEAD~1',
    'git reset --soft HEAD~1',
    'git reset --mixed HEAD~1',
    'git reset --keep HEAD~1',
    'git checkout main',
    'git checkout -b feature/new',
    'git checkout --orphan gh-pages',
    'git checkout -- ',
    'git switch -c feature/new',
    'git restore --staged src/app.ts',
    'git restore -S src/app.ts',
    'git clean -n',
    'git clean -fn',
    'git clean --dry-run -f',
    'git push',
    'git push origin main',
    'git push --force-with-lease',
    'git push --force-with-lease=main:abc123 origin main',
    'git push --force-if-includes --force-with-lease',
    'git push -u origin feature/x',
    'git branch -d merged',
    'git branch -m old new',
    'git stash',
    'git stash pop',
    'git stash list',
    'git stash show -p stash@{0}',
    'git commit -m "drop the old stash"',
  ])('allows %s', (command) => {
    expect(engine.check(command).decision).toBe('allow');
  });

  it('matches through global options before the subcommand', () => {
    const commands = [
      'git -C /repo reset --hard',
      'git -c core.pager=cat reset --hard',
      'git --git-dir=.git --work-tree=. reset --hard',
      'git --git-dir .git --work-tree . reset --hard',
      'git --no-pager -P reset --hard',
      'git --namespace ns --no-optional-locks reset --hard',
    ];
    for (const command of commands) expect(engine.check(command).ruleId, command).toBe('core.git:reset-hard');
  });

  it('treats --help and --version as read-only', () => {
    for (const command of ['git reset --hard --help', 'git --version', 'git push --force --help', 'git help reset']) {
      expect(engine.check(command).decision, command).toBe('allow');
    }
  });

  it('expands aliases defined inline with -c, including shell aliases', () => {
    expect(engine.check('git -c alias.nuke="reset --hard" nuke').ruleId).toBe('core.git:reset-hard');
    expect(engine.check(`git -c 'alias.up=push --force' up origin main`).ruleId).toBe('core.git:push-force');
    expect(engine.check('git -c alias.wipe="!rm -rf ~" wipe').ruleId).toBe('core.filesystem:rm-rf-root');
  });

  it('reports the span from the git word to the flag that decided', () => {
    const command = 'cd repo && git -C sub reset --hard HEAD';
    expect(engine.check(command).matchedSpan).toEqual({ start: 11, end: 34, text: 'git -C sub reset --hard' });
  });
});
