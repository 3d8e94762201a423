import { describe, expect, it } from 'vitest';
import { handedDecision } from './handed-decision.ts';
import { decisionRecord } from './decision-record.ts';

const at = { id: 'dcd_1', ts: '2026-12-07T20:00:00.000Z', durationUs: 12 };

describe('handedDecision', () => {
  it('records a hook allow from the gateway exactly as the guard records an engine allow', () => {
    const handed = handedDecision({ ...at, agentId: 'cc-1', accountId: 'acct-a', tool: 'Bash', command: 'ls -la', policyVersion: 3 });
    const own = decisionRecord(
      { source: 'hook', agentId: 'cc-1', accountId: 'acct-a', tool: 'Bash', command: 'ls -la', wait: false },
      { decision: 'allow' },
      at,
    );
    expect(handed).toEqual(own);
  });

  it('without an account (an operator key’s hook of an unmanaged agent) names none', () => {
    const handed = handedDecision({ ...at, agentId: 'hook-s1', tool: 'Bash', command: 'pwd', policyVersion: 0 });
    expect(handed).not.toHaveProperty('accountId');
    expect(handed).toEqual(decisionRecord({ source: 'hook', agentId: 'hook-s1', tool: 'Bash', command: 'pwd', wait: false }, { decision: 'allow' }, at));
  });
});
