import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', args, {
    cwd,
    stdio: 'pipe',
    env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' },
  }).toString();

/** A repo with one commit and uncommitted work in `work.txt`: exactly what `git reset --hard` would destroy. */
export function repoWithUncommittedWork(dir: string): { work: string; isIntact(): boolean } {
  git(dir, 'init', '-q');
  writeFileSync(join(dir, 'work.txt'), 'committed\n');
  git(dir, 'add', 'work.txt');
  git(dir, 'commit', '-qm', 'init');
  const work = 'committed\na day of uncommitted work\n';
  writeFileSync(join(dir, 'work.txt'), work);
  return { work, isIntact: () => readFileSync(join(dir, 'work.txt'), 'utf8') === work && git(dir, 'status', '--porcelain').includes('work.txt') };
}

/** A repository at `dir` (made if missing) on branch `main` with one commit (a README): what the autopilot works from. */
export function mainRepo(dir: string): string {
  mkdirSync(dir, { recursive: true });
  git(dir, 'init', '-q', '-b', 'main');
  writeFileSync(join(dir, 'README.md'), 'work\n');
  git(dir, 'add', '.');
  git(dir, 'commit', '-qm', 'init');
  return dir;
}
