import { posix } from 'node:path';

export interface PathContext {
  /** The writing agent's working directory (relative paths start there). */
  cwd?: string;
  /** The writing agent's own tree root, when known. */
  ownRoot?: string;
  /** Every known tree root of the project (all its worktrees). */
  roots: readonly string[];
}

const clean = (p: string) => posix.normalize(p.replace(/\\/g, '/'));

/**
 * A written path as the project sees it: relative to the worktree it lies in (the longest known tree root
 * containing it), so a write in one worktree meets a reservation taken in another. `''` is the tree itself;
 * undefined when the path lies outside every known tree (not the project's business).
 */
export function repoRelative(path: string, ctx: PathContext): string | undefined {
  const p = path.replace(/\\/g, '/');
  const base = ctx.cwd ?? ctx.ownRoot;
  if (!p.startsWith('/') && !base) {
    const rel = clean(p)
      .replace(/^(\.\/)+/, '')
      .replace(/\/+$/, '');
    return rel === '.' ? '' : rel.startsWith('../') || rel === '..' ? undefined : rel;
  }
  const abs = p.startsWith('/') ? clean(p) : posix.resolve(clean(base!), p);
  const roots = [...new Set([ctx.ownRoot, ...ctx.roots].filter((r): r is string => !!r).map((r) => clean(r).replace(/\/+$/, '')))];
  roots.sort((a, b) => b.length - a.length);
  for (const root of roots) {
    if (abs === root) return '';
    if (abs.startsWith(`${root}/`)) return abs.slice(root.length + 1).replace(/\/+$/, '');
  }
  return undefined;
}
