import { describe, expect, it } from 'vitest';
import type { Reservation } from '@flywheel/contracts';
import { touches, writeHolders } from './write-rule.ts';

const lease = (agentId: string, mode: 'exclusive' | 'shared', ...patterns: string[]): Reservation => ({
  id: `r-${agentId}`,
  projectId: 'p',
  agentId,
  patterns,
  mode,
  status: 'active',
  createdAt: '2025-01-01T00:00:00Z',
  expiresAt: '2025-01-01T01:00:00Z',
});

describe('touches', () => {
  it.each([
    ['src/**', 'src/x.ts', false, true],
    ['src/*.ts', 'src/x.ts', false, true],
    ['src/*.ts', 'src/a/x.ts', false, false],
    ['src/a.ts', 'src', false, false],
    ['src/a.ts', 'src', true, true],
    ['src/a.ts', 'src/*.ts', true, true],
    ['src/a.ts', 'lib/*.ts', true, false],
    ['pages/[id].tsx', 'pages/[id].tsx', false, true],
    ['docs/**', '', true, true],
    ['tool://x', '', true, false],
  ])('%s by a write of %j (may be a directory: %s) → %s', (pattern, path, dir, want) => expect(touches(pattern, path, dir)).toBe(want));
});

describe('writeHolders', () => {
  const held = [lease('a', 'exclusive', 'src/**'), lease('b', 'shared', 'docs/**')];

  it('names the other agent’s exclusive lease a write would touch', () => {
    expect(writeHolders('c', ['src/x.ts', 'README.md'], held, false)).toEqual([
      { path: 'src/x.ts', reservationId: 'r-a', agentId: 'a', mode: 'exclusive', pattern: 'src/**', expiresAt: '2025-01-01T01:00:00Z' },
    ]);
  });

  it('lets the holder write, and ignores shared leases', () => {
    expect(writeHolders('a', ['src/x.ts'], held, false)).toEqual([]);
    expect(writeHolders('c', ['docs/x.md'], held, false)).toEqual([]);
  });
});
