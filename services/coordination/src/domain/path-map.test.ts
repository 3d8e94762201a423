import { describe, expect, it } from 'vitest';
import { repoRelative } from './path-map.ts';

describe('repoRelative', () => {
  const roots = ['/work/repo', '/work/repo-wt/feature'];

  it('maps an absolute path under a worktree to the repository-relative path', () => {
    expect(repoRelative('/work/repo/src/a.ts', { roots })).toBe('src/a.ts');
    expect(repoRelative('/work/repo-wt/feature/src/a.ts', { roots })).toBe('src/a.ts');
  });

  it('resolves relative paths from the working directory', () => {
    expect(repoRelative('a.ts', { cwd: '/work/repo/src', roots })).toBe('src/a.ts');
    expect(repoRelative('../lib/b.ts', { cwd: '/work/repo/src', roots })).toBe('lib/b.ts');
    expect(repoRelative('.', { cwd: '/work/repo', roots })).toBe('');
  });

  it('prefers the longest root, so a nested worktree is its own tree', () => {
    expect(repoRelative('/work/repo/.wt/x/src/a.ts', { roots: ['/work/repo', '/work/repo/.wt/x'] })).toBe('src/a.ts');
  });

  it('leaves paths outside every known tree alone', () => {
    expect(repoRelative('/etc/hosts', { roots })).toBeUndefined();
    expect(repoRelative('/work/repository/a', { roots })).toBeUndefined();
    expect(repoRelative('../../x', { cwd: '/work/repo', roots })).toBeUndefined();
  });

  it('takes a relative path without any context as repository-relative', () => {
    expect(repoRelative('./src//a.ts', { roots: [] })).toBe('src/a.ts');
    expect(repoRelative('../x', { roots: [] })).toBeUndefined();
  });
});
