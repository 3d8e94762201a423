import picomatch from 'picomatch';
import type { Reservation, WriteHolder } from '@flywheel/contracts';
import { isVirtualResource } from '@flywheel/contracts';
import { patternsIntersect } from './glob-intersect.ts';

const GLOB = /[*?[\]{}]/;
const matchers = new Map<string, (p: string) => boolean>();

/** picomatch with the semantics of the intersection: dotfiles are files, POSIX classes, `[!x]` negation. */
export function matches(pattern: string, path: string): boolean {
  if (pattern === path) return true;
  if (isVirtualResource(pattern)) return false;
  let m = matchers.get(pattern);
  if (!m) {
    m = picomatch(pattern, { dot: true, posix: true });
    if (matchers.size > 10_000) matchers.clear();
    matchers.set(pattern, m);
  }
  return m(path);
}

/**
 * Does writing `path` (repo-relative) touch `pattern`? A file write touches the patterns matching it; a
 * shell target may be a directory (`rm -r src`) or a glob the shell expands (`rm src/*.ts`), so it touches
 * every pattern that meets what lies under it. `''` is the whole tree.
 */
export function touches(pattern: string, path: string, mayBeDirectory: boolean): boolean {
  if (path === '') return !isVirtualResource(pattern);
  if (GLOB.test(path)) return patternsIntersect(`${path}/**`, pattern);
  return matches(pattern, path) || (mayBeDirectory && patternsIntersect(`${path}/**`, pattern));
}

/** Another agent's exclusive leases a write by `agentId` to these repo-relative paths would touch. */
export function writeHolders(agentId: string, paths: readonly string[], held: readonly Reservation[], mayBeDirectory: boolean): WriteHolder[] {
  const out: WriteHolder[] = [];
  for (const r of held) {
    if (r.agentId === agentId || r.mode !== 'exclusive') continue;
    for (const path of paths) {
      const pattern = r.patterns.find((p) => touches(p, path, mayBeDirectory));
      if (pattern !== undefined) out.push({ path, reservationId: r.id, agentId: r.agentId, mode: r.mode, pattern, expiresAt: r.expiresAt });
    }
  }
  return out;
}
