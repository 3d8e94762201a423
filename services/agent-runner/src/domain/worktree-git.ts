import { posix } from 'node:path';
import { isPlainRef } from '@flywheel/contracts';

/**
 * Pure pieces of worktree isolation: names, git argument lists and parsers of git's machine output.
 * The runtime (runtime/worktrees.ts) runs these with execFile (never a shell).
 */

export type Isolation = 'worktree' | 'in-place';
export type CleanupPolicy = 'never' | 'when-merged' | 'always';
export type MergeStrategy = 'merge' | 'squash' | 'rebase';

/** Where a worktree agent lives; stored on the agent record. */
export interface WorktreeInfo {
  /** The repository's main checkout (toplevel of the directory the agent was spawned in). */
  repo: string;
  /** The worktree directory the agent runs in. */
  path: string;
  branch: string;
  /** The ref the branch was created from, as given (default HEAD), and what it resolved to. */
  baseRef: string;
  baseCommit: string;
  /** Default merge target: the base when it was a branch, else the branch checked out in `repo` at spawn. */
  target?: string;
  /** Cleanup policy the agent was spawned under. */
  cleanup: CleanupPolicy;
  /** Set by a merge through the gateway: the agent branch tip that landed and where. */
  merged?: { tip: string; into: string; commit: string; at: string };
  /** Set once the worktree (and maybe the branch) was removed by cleanup. */
  removed?: { at: string; branchDeleted: boolean };
}

/** Per-project settings, read from `<repo>/.flywheel/settings.json` (all optional). */
export interface ProjectWorktreeSettings {
  isolation?: Isolation;
  cleanup?: CleanupPolicy;
  /** Worktree root; relative paths are taken from the repository's top. */
  worktreeRoot?: string;
  /** argv run in a new worktree before the agent starts; its output is the agent's output. */
  setup?: string[];
}

/** A git ref component from an agent name: letters, digits, `._-`; no leading dot or dash, no `..`, no `.lock`. */
export function refSafeName(name: string): string {
  let s = name
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/\.{2,}/g, '.')
    .replace(/^[.-]+/, '')
    .replace(/[.]+$/, '');
  if (s.endsWith('.lock')) s = s.slice(0, -5);
  s = s.slice(0, 80).replace(/[.-]+$/, '');
  return s || 'agent';
}

export const branchFor = (name: string): string => `flywheel/${refSafeName(name)}`;

/** A ref a caller may name: no option-looking or control characters, no `..`, nothing git would reject as a ref expression. */
export const isPlausibleRef = (ref: string): boolean => isPlainRef(ref);

/** A branch name a caller may name as a merge target (a plausible ref that is not HEAD). */
export const isPlausibleBranch = (b: string): boolean => isPlausibleRef(b) && b !== 'HEAD' && !b.startsWith('refs/');

export function worktreeAddArgs(path: string, branch: string, baseCommit: string): string[] {
  return ['worktree', 'add', '-b', branch, '--', path, baseCommit];
}

/** Re-attaches an existing branch at a worktree path (resume after cleanup removed the directory). */
export function worktreeReAddArgs(path: string, branch: string): string[] {
  return ['worktree', 'add', '--', path, branch];
}

export const resolveCommitArgs = (ref: string): string[] => ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`];

export interface WorktreeEntry {
  path: string;
  head?: string;
  /** Short branch name (without refs/heads/); absent when detached. */
  branch?: string;
  bare: boolean;
  detached: boolean;
  locked: boolean;
  prunable: boolean;
}

/** `git worktree list --porcelain -z`: records of NUL-terminated lines, separated by an empty one. */
export function parseWorktreeList(out: string): WorktreeEntry[] {
  const entries: WorktreeEntry[] = [];
  let cur: WorktreeEntry | undefined;
  for (const line of out.split('\0')) {
    if (line === '') {
      if (cur) entries.push(cur);
      cur = undefined;
      continue;
    }
    const sp = line.indexOf(' ');
    const key = sp < 0 ? line : line.slice(0, sp);
    const val = sp < 0 ? '' : line.slice(sp + 1);
    if (key === 'worktree') {
      if (cur) entries.push(cur);
      cur = { path: val, bare: false, detached: false, locked: false, prunable: false };
    } else if (cur) {
      if (key === 'HEAD') cur.head = val;
      else if (key === 'branch') cur.branch = val.replace(/^refs\/heads\//, '');
      else if (key === 'bare') cur.bare = true;
      else if (key === 'detached') cur.detached = true;
      else if (key === 'locked') cur.locked = true;
      else if (key === 'prunable') cur.prunable = true;
    }
  }
  if (cur) entries.push(cur);
  return entries;
}

export type FileStatus = 'added' | 'modified' | 'deleted' | 'type-changed';

export interface DiffFileStat {
  path: string;
  status: FileStatus;
  additions: number;
  deletions: number;
  binary: boolean;
}

const STATUS: Record<string, FileStatus> = { A: 'added', M: 'modified', D: 'deleted', T: 'type-changed' };

/** Arguments for the changed files between two trees; renames off, so each path is one entry. */
export const diffNameStatusArgs = (from: string, to: string): string[] => ['diff', '--no-renames', '--no-ext-diff', '--name-status', '-z', from, to, '--'];
export const diffNumstatArgs = (from: string, to: string): string[] => ['diff', '--no-renames', '--no-ext-diff', '--numstat', '-z', from, to, '--'];
export const diffPatchArgs = (from: string, to: string, file: string): string[] => [
  'diff',
  '--no-renames',
  '--no-ext-diff',
  '--no-color',
  from,
  to,
  '--',
  `:(literal)${file}`,
];

/** `--name-status -z`: `X\0path\0` pairs. */
export function parseNameStatus(out: string): Map<string, FileStatus> {
  const parts = out.split('\0');
  const m = new Map<string, FileStatus>();
  for (let i = 0; i + 1 < parts.length; i += 2) {
    if (!parts[i]) break;
    m.set(parts[i + 1], STATUS[parts[i][0]] ?? 'modified');
  }
  return m;
}

/** `--numstat -z` (renames off): `adds\tdels\tpath\0`; binary files show `-\t-`. */
export function parseNumstat(out: string): Map<string, { additions: number; deletions: number; binary: boolean }> {
  const m = new Map<string, { additions: number; deletions: number; binary: boolean }>();
  for (const rec of out.split('\0')) {
    const match = /^(-|\d+)\t(-|\d+)\t(.*)$/s.exec(rec);
    if (!match) continue;
    const binary = match[1] === '-';
    m.set(match[3], { additions: binary ? 0 : Number(match[1]), deletions: binary ? 0 : Number(match[2]), binary });
  }
  return m;
}

export function diffFiles(nameStatus: string, numstat: string): DiffFileStat[] {
  const statuses = parseNameStatus(nameStatus);
  const counts = parseNumstat(numstat);
  return [...statuses.entries()]
    .map(([path, status]) => ({ path, status, ...(counts.get(path) ?? { additions: 0, deletions: 0, binary: false }) }))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

export interface BranchCommit {
  sha: string;
  author: string;
  date: string;
  subject: string;
}

const US = '\x1f';
const RS = '\x1e';
export const logArgs = (from: string, to: string): string[] => ['log', `--format=%H${US}%an${US}%aI${US}%s${RS}`, `${from}..${to}`, '--'];

export function parseLog(out: string): BranchCommit[] {
  return out
    .split(RS)
    .map((r) => r.trim())
    .filter(Boolean)
    .map((r) => {
      const [sha, author, date, subject] = r.split(US);
      return { sha, author, date, subject: subject ?? '' };
    });
}

/** Conflicting paths from `git diff --name-only --diff-filter=U -z`. */
export const parseNul = (out: string): string[] => out.split('\0').filter(Boolean);

/** The commit message of an auto-commit of an agent's uncommitted work: names the agent. */
export const autoCommitMessage = (agent: { id: string; name: string }): string => `flywheel: uncommitted work of agent ${agent.name} (${agent.id})`;

export function defaultMergeMessage(strategy: MergeStrategy, agent: { id: string; name: string }, branch: string, target: string): string {
  return strategy === 'squash'
    ? `Squash ${branch} (agent ${agent.name}, ${agent.id}) into ${target}`
    : `Merge ${branch} (agent ${agent.name}, ${agent.id}) into ${target}`;
}

/** Default worktree root: `<repo>/.flywheel/worktrees`; a relative setting is taken from the repository top. */
export function worktreeRootFor(repo: string, setting?: string): string {
  if (!setting) return posix.join(repo, '.flywheel', 'worktrees');
  return posix.isAbsolute(setting) ? posix.normalize(setting) : posix.join(repo, setting);
}

/** True when `p` is `root` or inside it (both absolute, normalised). */
export function isInside(root: string, p: string): boolean {
  const rel = posix.relative(root, p);
  return rel === '' || (!rel.startsWith('..') && !posix.isAbsolute(rel));
}

/** Reads the per-project settings file's JSON; unknown or badly typed keys are ignored (never fatal). */
export function parseProjectSettings(text: string | undefined): ProjectWorktreeSettings {
  if (!text) return {};
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return {};
  }
  if (!raw || typeof raw !== 'object') return {};
  const r = raw as Record<string, unknown>;
  const out: ProjectWorktreeSettings = {};
  if (r.isolation === 'worktree' || r.isolation === 'in-place') out.isolation = r.isolation;
  if (r.cleanup === 'never' || r.cleanup === 'when-merged' || r.cleanup === 'always') out.cleanup = r.cleanup;
  if (typeof r.worktreeRoot === 'string' && r.worktreeRoot) out.worktreeRoot = r.worktreeRoot;
  if (Array.isArray(r.setup) && r.setup.length && r.setup.every((a) => typeof a === 'string')) out.setup = r.setup as string[];
  return out;
}

export interface StaleFacts {
  /** The agent that owns the worktree, if any is known. */
  agentState?: string;
  /** The branch tip is contained in another branch, or a gateway merge recorded this tip. */
  merged: boolean;
  dirty: boolean;
  /** Commits on the branch that no other branch contains. */
  unmergedCommits: number;
}

/** Why a worktree is stale (agent gone, branch merged), or undefined when it is in use. */
export function staleReason(f: StaleFacts): string | undefined {
  const gone = f.agentState === undefined || f.agentState === 'terminated' || f.agentState === 'failed';
  if (f.agentState === undefined) return 'no agent owns it';
  if (gone && f.merged) return `agent ${f.agentState}, branch merged`;
  if (gone) return `agent ${f.agentState}`;
  if (f.merged && f.unmergedCommits === 0 && !f.dirty) return 'branch merged';
  return undefined;
}

/** Whether prune may remove a stale worktree and its branch, and why not. Work is never lost without `force`. */
export function pruneVerdict(f: StaleFacts, force: boolean): { remove: boolean; deleteBranch: boolean; kept?: string } {
  const live = f.agentState !== undefined && f.agentState !== 'terminated' && f.agentState !== 'failed';
  if (live) return { remove: false, deleteBranch: false, kept: `agent is ${f.agentState}` };
  if (force) return { remove: true, deleteBranch: true };
  if (f.dirty) return { remove: false, deleteBranch: false, kept: 'uncommitted changes (use force)' };
  if (!f.merged && f.unmergedCommits > 0) return { remove: false, deleteBranch: false, kept: `${f.unmergedCommits} unmerged commit(s) (use force)` };
  return { remove: true, deleteBranch: true };
}

/** The lines `start..end` (1-based, inclusive) of a file's text. */
export function quoteLines(text: string, start: number, end: number): string {
  return text
    .split('\n')
    .slice(start - 1, end)
    .join('\n');
}

/** What an agent receives for review comments: file, lines and the quoted code of each, then the comment. */
export function reviewMessage(comments: { file: string; startLine: number; endLine: number; quote: string; body: string }[]): string {
  const parts = comments.map((c, i) => {
    const lines = c.startLine === c.endLine ? `line ${c.startLine}` : `lines ${c.startLine}-${c.endLine}`;
    const fence = c.quote.includes('```') ? '````' : '```';
    return `${i + 1}. ${c.file} ${lines}:\n${fence}\n${c.quote}\n${fence}\n${c.body}`;
  });
  return `Address these review comments:\n\n${parts.join('\n\n')}\n`;
}

/** `.worktreeinclude`: one pattern a line (gitignore-like: `#` comments, a leading `/` anchors, a trailing `/` is a directory). */
export function parseWorktreeInclude(text: string | undefined): string[] {
  if (!text) return [];
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#') && !l.startsWith('!') && !l.split('/').includes('..'))
    .slice(0, 200);
}

/** `git ls-files --others --ignored --exclude-standard --directory -z` entries the include patterns select (never under `.flywheel/`). */
export function selectIncluded(entries: string[], patterns: string[], match: (pattern: string, path: string, basename: boolean) => boolean): string[] {
  return entries.filter((e) => {
    const path = e.replace(/\/$/, '');
    if (!path || path === '.flywheel' || path.startsWith('.flywheel/')) return false;
    return patterns.some((raw) => {
      const anchored = raw.startsWith('/');
      const p = raw.replace(/^\//, '').replace(/\/$/, '');
      return match(p, path, !anchored && !p.includes('/'));
    });
  });
}
