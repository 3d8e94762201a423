import { describe, expect, it } from 'vitest';
import type { Reservation } from '@flywheel/contracts';
import { blockingHolders } from './conflict-rule.ts';

const lease = (agentId: string, mode: 'exclusive' | 'shared', ...patterns: string[]): Reservation => ({
  id: `r-${agentId}-${patterns[0]}`,
  projectId: 'p',
  agentId,
  patterns,
  mode,
  status: 'active',
  createdAt: '2025-01-01T00:00:00Z',
  expiresAt: '2025-01-01T01:00:00Z',
});

describe('blockingHolders', () => {
  const held = [lease('a', 'exclusive', 'src/**'), lease('b', 'shared', 'docs/**')];

  it('an exclusive request over another agent’s intersecting lease is blocked by it', () => {
    expect(blockingHolders({ agentId: 'c', mode: 'exclusive', patterns: ['src/api/*.ts'] }, held)).toEqual([
      { reservationId: 'r-a-src/**', agentId: 'a', mode: 'exclusive', pattern: 'src/**', requested: 'src/api/*.ts', expiresAt: '2025-01-01T01:00:00Z' },
    ]);
  });

  it('a shared request is blocked by an exclusive lease but not by a shared one', () => {
    expect(blockingHolders({ agentId: 'c', mode: 'shared', patterns: ['src/a.ts', 'docs/x.md'] }, held).map((h) => h.agentId)).toEqual(['a']);
  });

  it('an exclusive request is blocked by a shared lease', () => {
    expect(blockingHolders({ agentId: 'c', mode: 'exclusive', patterns: ['docs/x.md'] }, held).map((h) => h.agentId)).toEqual(['b']);
  });

  it('an agent never conflicts with itself, nor with disjoint patterns', () => {
    expect(blockingHolders({ agentId: 'a', mode: 'exclusive', patterns: ['src/x.ts'] }, held)).toEqual([]);
    expect(blockingHolders({ agentId: 'c', mode: 'exclusive', patterns: ['lib/**'] }, held)).toEqual([]);
  });
});
