import { describe, expect, it } from 'vitest';
import { decisionRecord, engineErrorVerdict } from './decision-record.ts';

const at = { id: 'dcd_1', ts: '2026-11-10T10:00:00.000Z', durationUs: 7 };

describe('decisionRecord', () => {
  it('records an ask as a deny with the rule action kept, and leaves absent fields out', () => {
    const rec = decisionRecord(
      { source: 'guard', agentId: 'a1', command: 'git push --force', wait: true },
      { decision: 'ask', ruleId: 'core.git:push-force', packId: 'core.git' },
      at,
    );
    expect(rec).toEqual({
      ...at,
      source: 'guard',
      decision: 'deny',
      agentId: 'a1',
      command: 'git push --force',
      ruleAction: 'ask',
      ruleId: 'core.git:push-force',
      packId: 'core.git',
    });
  });

  it('has no rule action for an allow and no command for a command-less tool', () => {
    const rec = decisionRecord({ source: 'guard', tool: 'Edit', wait: true }, { decision: 'allow' }, at);
    expect(rec).toEqual({ ...at, source: 'guard', decision: 'allow', tool: 'Edit' });
  });
});

describe('engineErrorVerdict', () => {
  it('denies when the guard fails closed and warns when it fails open', () => {
    expect(engineErrorVerdict('closed')).toMatchObject({ decision: 'deny', severity: 'high', ruleId: 'engine:internal-error' });
    expect(engineErrorVerdict('open')).toMatchObject({ decision: 'warn', severity: 'low' });
  });
});
