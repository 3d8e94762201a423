import { posix } from 'node:path';
import type { Decision } from '@flywheel/dcg';
import type { WritePaths } from './write-paths.ts';

/** Device files a write may always name (`> /dev/null`). */
const DEVICES = new Set(['/dev/null', '/dev/stdout', '/dev/stderr', '/dev/tty']);

/** The written paths that land outside `root` (relative ones taken from `cwd`, else from the root). `~` is outside. */
export function pathsOutside(writes: WritePaths, cwd: string | undefined, root: string): string[] {
  const top = posix.resolve(root);
  const from = cwd && posix.isAbsolute(cwd) ? cwd : top;
  return writes.paths.filter((p) => {
    if (p === '~' || p.startsWith('~/')) return true;
    const abs = posix.resolve(from, p);
    if (DEVICES.has(abs)) return false;
    const rel = posix.relative(top, abs);
    return rel.startsWith('..') || posix.isAbsolute(rel);
  });
}

/** A worktree agent writing outside its worktree: denied, naming the paths and the worktree (not approvable; a fact, like a reservation). */
export function isolationVerdict(writes: WritePaths, cwd: string | undefined, root: string): Decision | undefined {
  const outside = pathsOutside(writes, cwd, root);
  if (outside.length === 0) return undefined;
  return {
    decision: 'deny',
    ruleId: 'isolation:outside-worktree',
    packId: 'isolation',
    severity: 'high',
    reason: `${outside.join(', ')} ${outside.length === 1 ? 'is' : 'are'} outside this agent's worktree ${root}; a worktree agent writes only inside its own worktree.`,
    safeAlternative: `write inside ${root}`,
  };
}
