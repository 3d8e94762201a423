import { describe, expect, it } from 'vitest';
import { isolationVerdict, pathsOutside } from './isolation.ts';

describe('worktree isolation check', () => {
  const root = '/r/.flywheel/worktrees/a';
  it('finds written paths outside the worktree, relative ones from the cwd', () => {
    expect(pathsOutside({ paths: ['x.txt', 'sub/y', `${root}/z`, '/dev/null'], mayBeDirectory: true }, root, root)).toEqual([]);
    expect(
      pathsOutside(
        { paths: ['../../../../escape.txt', '/r/main.txt', '~/.bashrc', '/r/.flywheel/worktrees/ab/x'], mayBeDirectory: false },
        `${root}/sub`,
        root,
      ),
    ).toEqual(['../../../../escape.txt', '/r/main.txt', '~/.bashrc', '/r/.flywheel/worktrees/ab/x']);
    expect(pathsOutside({ paths: ['../a/ok.txt'], mayBeDirectory: false }, `${root}/sub`, root)).toEqual([]);
  });
  it('denies with a reason naming the path and the worktree', () => {
    expect(isolationVerdict({ paths: ['ok'], mayBeDirectory: false }, root, root)).toBeUndefined();
    expect(isolationVerdict({ paths: ['/r/main.txt'], mayBeDirectory: false }, root, root)).toMatchObject({
      decision: 'deny',
      ruleId: 'isolation:outside-worktree',
      reason: expect.stringContaining(`/r/main.txt is outside this agent's worktree ${root}`),
    });
  });
});
