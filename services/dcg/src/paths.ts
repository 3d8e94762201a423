/** Path checks for deletions: temporary locations versus root, home and top-level directories. */

/** Prefixes under which recursive deletion is allowed; `options.tmpdir` and `$TMPDIR` from the context join them. */
export const TEMP_PREFIXES: readonly string[] = ['/tmp/', '/var/tmp/', '$TMPDIR/', '${TMPDIR}/', '${TMPDIR:-/tmp}/'];

/** Adds a directory as a temp prefix (with a trailing slash); relative or root paths are ignored. */
export function withTempDir(prefixes: readonly string[], dir: string | undefined): readonly string[] {
  if (!dir || !dir.startsWith('/') || /^\/+$/.test(dir)) return prefixes;
  const prefix = dir.endsWith('/') ? dir : `${dir}/`;
  return prefixes.includes(prefix) ? prefixes : [...prefixes, prefix];
}

function meaningfulRemainder(rest: string): boolean {
  const parts = rest.split('/');
  return !parts.includes('..') && parts.some((p) => p !== '' && p !== '.');
}

/** Whether `path` lies strictly inside a temp prefix and never climbs out with `..`. */
export function isTempPath(path: string, prefixes: readonly string[]): boolean {
  const p = path.replace(/\/{2,}/g, '/');
  for (const prefix of prefixes) if (p.startsWith(prefix)) return meaningfulRemainder(p.slice(prefix.length));
  return false;
}

/** Resolves a relative target against the working directory when one is known. */
export function resolveTarget(target: string, cwd: string | undefined): string {
  if (!cwd || !cwd.startsWith('/') || /^[/~$]/.test(target)) return target;
  return `${cwd.replace(/\/+$/, '')}/${target}`;
}

const HOME = /^(?:~|\$HOME|\$\{HOME\})$/;

/** Root, home, or a top-level directory such as `/etc` or `/usr` (with or without `/*`). */
export function isRootish(path: string): boolean {
  const p = path
    .replace(/\/{2,}/g, '/')
    .replace(/(?:\/\.)+$/, '')
    .replace(/\/\*$/, '')
    .replace(/\/+$/, '');
  return p === '' || HOME.test(p) || /^\/[^/]+$/.test(p);
}
