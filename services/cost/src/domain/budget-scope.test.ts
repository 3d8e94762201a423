import { describe, expect, it } from 'vitest';
import { inScope } from './budget-scope.ts';

describe('inScope', () => {
  it('matches global always and the other kinds on their field', () => {
    const s = { agentId: 'a1', accountId: 'acct', projectId: 'p1', model: 'claude-opus-4-8[1m]', matchedModel: 'claude-opus-4-8' };
    expect(inScope({ kind: 'global' }, {})).toBe(true);
    expect(inScope({ kind: 'agent', value: 'a1' }, s)).toBe(true);
    expect(inScope({ kind: 'account', value: 'acct' }, s)).toBe(true);
    expect(inScope({ kind: 'project', value: 'p2' }, s)).toBe(false);
  });

  it('matches a model budget on the reported id or the rate-card id it resolved to', () => {
    expect(inScope({ kind: 'model', value: 'claude-opus-4-8' }, { model: 'claude-opus-4-8[1m]', matchedModel: 'claude-opus-4-8' })).toBe(true);
    expect(inScope({ kind: 'model', value: 'claude-opus-4-8[1m]' }, { model: 'claude-opus-4-8[1m]' })).toBe(true);
  });

  it('does not match a subject that lacks the scoped field', () => {
    expect(inScope({ kind: 'model', value: 'claude-opus-4-8' }, { agentId: 'a1' })).toBe(false);
    expect(inScope({ kind: 'project', value: 'p1' }, { agentId: 'a1' })).toBe(false);
  });
});
