import { describe, expect, it } from 'vitest';
import { budgetOwner, budgetVisibleTo, recommendationOwner } from './cost-owner.ts';
import type { CostRecord } from './recommendation-types.ts';

const agents: Record<string, string> = { a1: 'acct-a', b1: 'acct-b' };
const agentAccount = (id: string) => agents[id];

describe('budgetOwner and budgetVisibleTo', () => {
  it('gives account budgets their account and agent budgets their agent’s, once the agent has spent', () => {
    expect(budgetOwner({ kind: 'account', value: 'acct-a' }, agentAccount)).toBe('acct-a');
    expect(budgetOwner({ kind: 'agent', value: 'b1' }, agentAccount)).toBe('acct-b');
    expect(budgetOwner({ kind: 'agent', value: 'new' }, agentAccount)).toBeUndefined();
    expect(budgetOwner({ kind: 'project', value: 'p1' }, agentAccount)).toBeUndefined();
  });

  it('shows a limited caller global budgets and its own, never another account’s or an ownerless slice', () => {
    expect(budgetVisibleTo('acct-a', { kind: 'global' }, agentAccount)).toBe(true);
    expect(budgetVisibleTo('acct-a', { kind: 'agent', value: 'a1' }, agentAccount)).toBe(true);
    expect(budgetVisibleTo('acct-a', { kind: 'agent', value: 'b1' }, agentAccount)).toBe(false);
    expect(budgetVisibleTo('acct-a', { kind: 'account', value: 'acct-b' }, agentAccount)).toBe(false);
    expect(budgetVisibleTo('acct-a', { kind: 'model', value: 'claude-haiku-4-5' }, agentAccount)).toBe(false);
    expect(budgetVisibleTo('acct-a', { kind: 'project', value: 'p1' }, agentAccount)).toBe(false);
  });
});

describe('recommendationOwner', () => {
  const rec = (agentId: string, accountId: string | undefined, projectId: string): CostRecord => ({
    agentId,
    accountId,
    projectId,
    model: 'm',
    inputTokens: 0,
    outputTokens: 0,
    cacheRead: 0,
    cacheWrite: 0,
    costMicros: 0,
    ts: 0,
  });
  const records = [rec('a1', 'acct-a', 'p1'), rec('a2', 'acct-a', 'p1'), rec('b1', 'acct-b', 'p2'), rec('a3', 'acct-a', 'p2')];

  it('names the one account behind an agent or a project', () => {
    expect(recommendationOwner({ kind: 'agent', value: 'b1' }, records)).toBe('acct-b');
    expect(recommendationOwner({ kind: 'project', value: 'p1' }, records)).toBe('acct-a');
  });

  it('names none for a project of several accounts or fleet-wide advice', () => {
    expect(recommendationOwner({ kind: 'project', value: 'p2' }, records)).toBeUndefined();
    expect(recommendationOwner({ kind: 'task_type', value: 'review' }, records)).toBeUndefined();
  });
});
