import { describe, expect, it } from 'vitest';
import { findAllowed, type AllowRule } from './allowlist-match.ts';

const now = new Date('2026-11-25T12:00:00Z');
const q = { ruleId: 'core.git:reset-hard', commandHash: 'h1', agentId: 'a1', projectId: 'p1', now };

describe('findAllowed', () => {
  it('matches a global rule entry for everyone', () => {
    const e: AllowRule = { id: 'g', kind: 'rule', ruleId: 'core.git:reset-hard', scope: 'global' };
    expect(findAllowed([e], q)?.id).toBe('g');
    expect(findAllowed([e], { ...q, agentId: undefined, projectId: undefined })?.id).toBe('g');
  });

  it('keeps agent and project entries to their own agent and project', () => {
    const agent: AllowRule = { id: 'a', kind: 'rule', ruleId: 'core.git:reset-hard', scope: 'agent', scopeId: 'a1' };
    const project: AllowRule = { id: 'p', kind: 'rule', ruleId: 'core.git:reset-hard', scope: 'project', scopeId: 'p1' };
    expect(findAllowed([agent], { ...q, agentId: 'a2' })).toBeUndefined();
    expect(findAllowed([project], { ...q, projectId: 'p2' })).toBeUndefined();
    expect(findAllowed([project, agent], q)?.id).toBe('a');
  });

  it('matches command entries only on the exact command hash', () => {
    const e: AllowRule = { id: 'c', kind: 'command', commandHash: 'h1', scope: 'global' };
    expect(findAllowed([e], q)?.id).toBe('c');
    expect(findAllowed([e], { ...q, commandHash: 'h2' })).toBeUndefined();
  });

  it('ignores expired entries and keeps unexpired ones', () => {
    const expired: AllowRule = { id: 'x', kind: 'rule', ruleId: 'core.git:reset-hard', scope: 'global', expiresAt: '2026-11-25T11:59:59Z' };
    const later: AllowRule = { id: 'y', kind: 'rule', ruleId: 'core.git:reset-hard', scope: 'global', expiresAt: '2026-11-25T12:00:01Z' };
    expect(findAllowed([expired], q)).toBeUndefined();
    expect(findAllowed([expired, later], q)?.id).toBe('y');
  });

  it('does not let a rule entry match a different rule', () => {
    const e: AllowRule = { id: 'g', kind: 'rule', ruleId: 'core.git:push-force', scope: 'global' };
    expect(findAllowed([e], q)).toBeUndefined();
  });
});
