import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import picomatch from 'picomatch';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { AppError, type Isolation } from '@flywheel/contracts';
import {
  autoCommitMessage,
  branchFor,
  diffFiles,
  diffNameStatusArgs,
  diffNumstatArgs,
  diffPatchArgs,
  isInside,
  logArgs,
  parseLog,
  parseNul,
  parseProjectSettings,
  parseWorktreeInclude,
  parseWorktreeList,
  refSafeName,
  selectIncluded,
  resolveCommitArgs,
  worktreeAddArgs,
  worktreeReAddArgs,
  worktreeRootFor,
  type DiffFileStat,
  type ProjectWorktreeSettings,
  type WorktreeEntry,
  type WorktreeInfo,
} from '../domain/worktree-git.ts';
import { git, gitRun, identity } from './git.ts';

/** Git plumbing of worktree isolation: create, verify, snapshot, diff, merge, remove. Every git call is execFile. */

export interface Placement {
  isolation: Isolation;
  workingDirectory: string;
  worktree?: WorktreeInfo;
  /** The project's setup argv, run in a new worktree before the agent starts. */
  setup?: string[];
  /** Ignored files copied from the main checkout by `.worktreeinclude`. */
  included?: string[];
}

async function toplevel(dir: string): Promise<string | undefined> {
  const r = await gitRun(dir, ['rev-parse', '--show-toplevel']).catch(() => undefined);
  return r && r.code === 0 ? r.stdout.trim() : undefined;
}

export async function worktreeList(repo: string): Promise<WorktreeEntry[]> {
  return parseWorktreeList(await git(repo, ['worktree', 'list', '--porcelain', '-z']));
}

/** The repository's main checkout: the first entry of `git worktree list`. */
async function mainCheckout(dir: string): Promise<string> {
  const first = (await worktreeList(dir))[0];
  return first && !first.bare ? first.path : ((await toplevel(dir)) ?? dir);
}

export async function projectSettings(repo: string): Promise<ProjectWorktreeSettings> {
  const text = await readFile(join(repo, '.flywheel', 'settings.json'), 'utf8').catch(() => undefined);
  return parseProjectSettings(text);
}

/**
 * Copies the main checkout's ignored files named by its `.worktreeinclude` (e.g. `.env`) into a new worktree,
 * which git would not give it; returns the paths copied.
 */
export async function copyIncluded(repo: string, path: string): Promise<string[]> {
  const patterns = parseWorktreeInclude(await readFile(join(repo, '.worktreeinclude'), 'utf8').catch(() => undefined));
  if (patterns.length === 0) return [];
  const entries = parseNul(await git(repo, ['ls-files', '--others', '--ignored', '--exclude-standard', '--directory', '-z']));
  const match = (p: string, file: string, basename: boolean) => picomatch(p, { dot: true, posix: true, basename })(file);
  const chosen = selectIncluded(entries, patterns, match).map((e) => e.replace(/\/$/, ''));
  for (const rel of chosen) await cp(join(repo, rel), join(path, rel), { recursive: true, errorOnExist: false, force: false });
  return chosen;
}

export async function resolveCommit(cwd: string, ref: string): Promise<string | undefined> {
  const r = await gitRun(cwd, resolveCommitArgs(ref));
  return r.code === 0 ? r.stdout.trim() : undefined;
}

const branchExists = async (cwd: string, branch: string) => (await gitRun(cwd, ['show-ref', '--verify', '--quiet', `refs/heads/${branch}`])).code === 0;

/**
 * Where a new agent runs. `in-place`: the given directory. `worktree`: `git worktree add <root>/<name> -b flywheel/<name> <base>`
 * (the root's `.flywheel/` gets a `.gitignore` of `*`), the agent in the same subdirectory of the new tree.
 * Bad input (not a repository, unknown ref) is BAD_REQUEST; an existing branch or directory is CONFLICT; nothing is left behind.
 */
export async function placeAgent(input: { workingDirectory: string; name: string; isolation?: Isolation; baseRef?: string }): Promise<Placement> {
  const top = existsSync(input.workingDirectory) ? await toplevel(input.workingDirectory) : undefined;
  const repo = top ? await mainCheckout(top) : undefined;
  const settings = repo ? await projectSettings(repo) : {};
  const isolation = input.isolation ?? settings.isolation ?? 'in-place';
  if (isolation === 'in-place') {
    if (input.baseRef) throw new AppError('BAD_REQUEST', 'invalid baseRef: only worktree isolation starts from a base ref');
    return { isolation, workingDirectory: input.workingDirectory };
  }
  if (!top || !repo)
    throw new AppError('BAD_REQUEST', `invalid workingDirectory: ${input.workingDirectory} is not inside a git repository; worktree isolation needs one`);
  const baseRef = input.baseRef ?? 'HEAD';
  const baseCommit = await resolveCommit(repo, baseRef);
  if (!baseCommit) throw new AppError('BAD_REQUEST', `invalid baseRef: ${baseRef} does not name a commit in ${repo}`);
  const branch = branchFor(input.name);
  const root = worktreeRootFor(repo, settings.worktreeRoot);
  const path = join(root, refSafeName(input.name));
  if (await branchExists(repo, branch)) throw new AppError('CONFLICT', `branch ${branch} already exists in ${repo}; give the agent another name`, { branch });
  if (existsSync(path)) throw new AppError('CONFLICT', `worktree path ${path} already exists; give the agent another name`, { path });
  const target = input.baseRef
    ? (await branchExists(repo, input.baseRef))
      ? input.baseRef
      : undefined
    : (await gitRun(repo, ['symbolic-ref', '--quiet', '--short', 'HEAD'])).stdout.trim() || undefined;
  if (isInside(join(repo, '.flywheel'), root)) {
    await mkdir(join(repo, '.flywheel'), { recursive: true });
    const ignore = join(repo, '.flywheel', '.gitignore');
    if (!existsSync(ignore)) await writeFile(ignore, '*\n');
  }
  await mkdir(root, { recursive: true });
  await git(repo, worktreeAddArgs(path, branch, baseCommit));
  const rel = relative(top, resolve(input.workingDirectory));
  const workingDirectory = rel && !rel.startsWith('..') ? join(path, rel) : path;
  await mkdir(workingDirectory, { recursive: true });
  const worktree: WorktreeInfo = { repo, path, branch, baseRef, baseCommit, target, cleanup: settings.cleanup ?? 'never' };
  const included = await copyIncluded(repo, path);
  return { isolation, workingDirectory, worktree, setup: settings.setup, included };
}

/**
 * Before an agent (re)starts in its worktree: the directory is a worktree of the same repository on the agent's branch.
 * A directory removed by cleanup comes back from the branch; anything else is CONFLICT (never resume in the wrong tree).
 */
export async function verifyWorktree(wt: WorktreeInfo): Promise<'ok' | 're-added'> {
  const entry = (await worktreeList(wt.repo).catch(() => [] as WorktreeEntry[])).find((e) => e.path === wt.path);
  if (entry && existsSync(wt.path)) {
    if (entry.branch !== wt.branch)
      throw new AppError(
        'CONFLICT',
        `worktree ${wt.path} is on ${entry.branch ?? 'a detached HEAD'}, not the agent's branch ${wt.branch}; refusing to resume there`,
        { path: wt.path, branch: entry.branch },
      );
    const top = await toplevel(wt.path);
    if (top !== wt.path) throw new AppError('CONFLICT', `${wt.path} is not the agent's worktree; refusing to resume there`, { path: wt.path });
    return 'ok';
  }
  if (existsSync(wt.path)) throw new AppError('CONFLICT', `${wt.path} exists but is not a worktree of ${wt.repo}; refusing to resume there`, { path: wt.path });
  if (!(await branchExists(wt.repo, wt.branch)))
    throw new AppError('CONFLICT', `the agent's branch ${wt.branch} is gone; cannot resume in its worktree`, { branch: wt.branch });
  await git(wt.repo, ['worktree', 'prune']);
  await git(wt.repo, worktreeReAddArgs(wt.path, wt.branch));
  return 're-added';
}

const present = (wt: WorktreeInfo) => existsSync(wt.path) && !wt.removed;

/** A tree of everything in the worktree now (committed, staged, unstaged, untracked; ignores honoured), via a temporary index. */
export async function snapshotTree(wt: WorktreeInfo): Promise<string> {
  if (!present(wt)) return (await git(wt.repo, ['rev-parse', `refs/heads/${wt.branch}^{tree}`])).trim();
  const dir = await mkdtemp(join(tmpdir(), 'fw-index-'));
  try {
    const env = { GIT_INDEX_FILE: join(dir, 'index') };
    await git(wt.path, ['read-tree', 'HEAD'], { env });
    await git(wt.path, ['add', '-A', '--', '.'], { env });
    return (await git(wt.path, ['write-tree'], { env })).trim();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export const branchTip = async (wt: WorktreeInfo): Promise<string> => (await git(wt.repo, ['rev-parse', `refs/heads/${wt.branch}`])).trim();

export async function changedFiles(wt: WorktreeInfo, tree: string): Promise<DiffFileStat[]> {
  const [ns, num] = await Promise.all([git(wt.repo, diffNameStatusArgs(wt.baseCommit, tree)), git(wt.repo, diffNumstatArgs(wt.baseCommit, tree))]);
  return diffFiles(ns, num);
}

const PATCH_LIMIT = 256 * 1024;

export async function filePatch(wt: WorktreeInfo, tree: string, file: string): Promise<{ patch: string; truncated: boolean }> {
  const out = await git(wt.repo, diffPatchArgs(wt.baseCommit, tree, file));
  return out.length > PATCH_LIMIT ? { patch: out.slice(0, PATCH_LIMIT), truncated: true } : { patch: out, truncated: false };
}

export async function branchCommits(wt: WorktreeInfo) {
  return parseLog(await git(wt.repo, logArgs(wt.baseCommit, `refs/heads/${wt.branch}`)));
}

export async function isDirty(dir: string, untracked = true): Promise<boolean> {
  if (!existsSync(dir)) return false;
  const out = await git(dir, ['status', '--porcelain', untracked ? '--untracked-files=all' : '--untracked-files=no']);
  return out.trim().length > 0;
}

/**
 * The agent's uncommitted work as a commit on its branch (author: the agent), with the worktree's index reset to it
 * so `git status` is clean; undefined when there was nothing to commit.
 */
export async function commitUncommitted(wt: WorktreeInfo, agent: { id: string; name: string }): Promise<string | undefined> {
  if (!present(wt) || !(await isDirty(wt.path))) return undefined;
  const tree = await snapshotTree(wt);
  const head = await branchTip(wt);
  const who = identity(`Flywheel agent ${agent.name}`, `${refSafeName(agent.id)}@agents.flywheel.local`);
  const commit = (await git(wt.path, ['commit-tree', tree, '-p', head, '-m', autoCommitMessage(agent)], { env: who })).trim();
  return adoptCommit(wt, commit, head);
}

/** Moves the agent's branch from `head` to `commit` (compare-and-swap) and resets the worktree's index to it; files are untouched. */
export async function adoptCommit(wt: WorktreeInfo, commit: string, head: string): Promise<string> {
  await git(wt.repo, ['update-ref', '-m', 'flywheel: auto-commit', `refs/heads/${wt.branch}`, commit, head]);
  if (present(wt)) await git(wt.path, ['reset', '-q']);
  return commit;
}

/** Paths git reports as conflicting when merging `tip` into `target` (merge-tree, nothing written to any checkout). */
export async function mergeConflicts(repo: string, target: string, tip: string): Promise<string[]> {
  const r = await gitRun(repo, ['merge-tree', '--write-tree', '--name-only', '--no-messages', '-z', target, tip]);
  if (r.code === 0) return [];
  if (r.code !== 1) throw new AppError('INTERNAL', `git merge-tree failed: ${r.stderr.trim().slice(0, 300)}`);
  const [, ...files] = parseNul(r.stdout);
  return [...new Set(files)];
}

/** Whether `tip` is in some other local branch than `branch` (by ancestry). */
export async function mergedElsewhere(repo: string, branch: string, tip: string): Promise<boolean> {
  const out = await git(repo, ['for-each-ref', '--contains', tip, '--format=%(refname:short)', 'refs/heads']);
  return out
    .split('\n')
    .map((s) => s.trim())
    .filter(Boolean)
    .some((b) => b !== branch);
}

/** Commits on `branch` no other local branch contains. */
export async function unmergedCount(repo: string, branch: string): Promise<number> {
  const out = await git(repo, ['rev-list', '--count', `refs/heads/${branch}`, '--not', `--exclude=${branch}`, '--branches']);
  return Number(out.trim()) || 0;
}

/** Removes the worktree directory (it must be clean unless `force`) and optionally its branch. */
export async function removeWorktree(
  wt: Pick<WorktreeInfo, 'repo' | 'path' | 'branch'>,
  o: { deleteBranch: boolean; force: boolean },
): Promise<{ branchDeleted: boolean }> {
  if (existsSync(wt.path)) await git(wt.repo, ['worktree', 'remove', ...(o.force ? ['--force', '--force'] : []), '--', wt.path]);
  await gitRun(wt.repo, ['worktree', 'prune']);
  let branchDeleted = false;
  if (o.deleteBranch && (await branchExists(wt.repo, wt.branch))) branchDeleted = (await gitRun(wt.repo, ['branch', '-D', '--', wt.branch])).code === 0;
  return { branchDeleted };
}

/** A detached temporary worktree of `repo` at `commit`, removed after `fn` whatever happens. */
export async function withTempWorktree<T>(repo: string, commit: string, fn: (dir: string) => Promise<T>): Promise<T> {
  const parent = await mkdtemp(join(tmpdir(), 'fw-merge-'));
  const dir = join(parent, 'wt');
  await git(repo, ['worktree', 'add', '--detach', '--', dir, commit]);
  try {
    return await fn(dir);
  } finally {
    await gitRun(repo, ['worktree', 'remove', '--force', '--force', '--', dir]).catch(() => undefined);
    await rm(parent, { recursive: true, force: true });
    await gitRun(repo, ['worktree', 'prune']).catch(() => undefined);
  }
}

export { branchExists, mainCheckout };
