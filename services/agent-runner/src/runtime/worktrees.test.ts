import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { changedFiles, mergeConflicts, placeAgent, removeWorktree, snapshotTree, verifyWorktree } from './worktrees.ts';

const ID = { GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' };
const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, stdio: 'pipe', env: { ...process.env, ...ID } }).toString();

describe('worktree git runtime against a real repository', () => {
  let dir: string;
  let repo: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'fw-wt-rt-'));
    repo = join(dir, 'repo');
    mkdirSync(join(repo, 'pkg'), { recursive: true });
    git(repo, 'init', '-q', '-b', 'main');
    writeFileSync(join(repo, 'pkg', 'x.txt'), 'x\n');
    git(repo, 'add', '.');
    git(repo, 'commit', '-qm', 'init');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses bad input before touching the disk', async () => {
    const plain = join(dir, 'plain');
    mkdirSync(plain);
    await expect(placeAgent({ workingDirectory: plain, name: 'a', isolation: 'worktree' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(placeAgent({ workingDirectory: repo, name: 'a', isolation: 'worktree', baseRef: 'nope' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(placeAgent({ workingDirectory: repo, name: 'a', isolation: 'in-place', baseRef: 'main' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect(existsSync(join(repo, '.flywheel'))).toBe(false);
    expect(git(repo, 'branch', '--list', 'flywheel/*')).toBe('');
    expect(await placeAgent({ workingDirectory: plain, name: 'a' })).toEqual({ isolation: 'in-place', workingDirectory: plain });
  });

  it('places an agent in the same subdirectory of its own worktree, refuses a second of the same name', async () => {
    const p = await placeAgent({ workingDirectory: join(repo, 'pkg'), name: 'my agent', isolation: 'worktree', baseRef: 'main' });
    const path = join(repo, '.flywheel', 'worktrees', 'my-agent');
    expect(p).toMatchObject({
      isolation: 'worktree',
      workingDirectory: join(path, 'pkg'),
      worktree: { repo, path, branch: 'flywheel/my-agent', baseRef: 'main', target: 'main', cleanup: 'never' },
    });
    expect(readFileSync(join(repo, '.flywheel', '.gitignore'), 'utf8')).toBe('*\n');
    expect(git(repo, 'status', '--porcelain')).toBe('');
    await expect(placeAgent({ workingDirectory: repo, name: 'my agent', isolation: 'worktree' })).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('verifies the tree on resume: ok, re-added from the branch after removal, refused on the wrong branch or a foreign directory', async () => {
    const { worktree: wt } = await placeAgent({ workingDirectory: repo, name: 'r', isolation: 'worktree' });
    expect(await verifyWorktree(wt!)).toBe('ok');
    writeFileSync(join(wt!.path, 'w.txt'), 'work\n');
    git(wt!.path, 'add', 'w.txt');
    git(wt!.path, 'commit', '-qm', 'work');
    await removeWorktree(wt!, { deleteBranch: false, force: false });
    expect(existsSync(wt!.path)).toBe(false);
    expect(await verifyWorktree(wt!)).toBe('re-added');
    expect(readFileSync(join(wt!.path, 'w.txt'), 'utf8')).toBe('work\n');
    git(wt!.path, 'checkout', '-q', '-b', 'other');
    await expect(verifyWorktree(wt!)).rejects.toMatchObject({ code: 'CONFLICT' });
    git(wt!.path, 'checkout', '-q', 'flywheel/r');
    await removeWorktree(wt!, { deleteBranch: false, force: false });
    mkdirSync(wt!.path);
    await expect(verifyWorktree(wt!)).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('snapshots uncommitted and untracked work without touching the index, and finds merge conflicts', async () => {
    const { worktree: wt } = await placeAgent({ workingDirectory: repo, name: 's', isolation: 'worktree' });
    writeFileSync(join(wt!.path, 'pkg', 'x.txt'), 'x changed\n');
    writeFileSync(join(wt!.path, 'new.txt'), 'n\n');
    const tree = await snapshotTree(wt!);
    expect(await changedFiles(wt!, tree)).toEqual([
      { path: 'new.txt', status: 'added', additions: 1, deletions: 0, binary: false },
      { path: 'pkg/x.txt', status: 'modified', additions: 1, deletions: 1, binary: false },
    ]);
    expect(git(wt!.path, 'status', '--porcelain')).toBe(' M pkg/x.txt\n?? new.txt\n');
    git(wt!.path, 'commit', '-qam', 'agent x');
    writeFileSync(join(repo, 'pkg', 'x.txt'), 'x on main\n');
    git(repo, 'commit', '-qam', 'main x');
    expect(await mergeConflicts(repo, 'main', 'flywheel/s')).toEqual(['pkg/x.txt']);
  });
});
