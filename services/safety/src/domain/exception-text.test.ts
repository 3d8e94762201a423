import { describe, expect, it } from 'vitest';
import { denyText, settledText } from './exception-text.ts';
import type { StoredException } from './stored-exception.ts';

const verdict = { decision: 'deny' as const, ruleId: 'core.fs:rm-rf', reason: 'Deletes recursively.', safeAlternative: 'rm -ri' };
const exc = (over: Partial<StoredException>): StoredException => ({
  id: 'exc_1',
  shortCode: 'AB12',
  decisionId: 'dcd_1',
  agentId: null,
  projectId: null,
  command: 'rm -rf /',
  commandHash: 'h',
  ruleId: null,
  packId: null,
  severity: null,
  reason: null,
  status: 'pending',
  grant: null,
  live: true,
  consumed: false,
  createdAt: '',
  expiresAt: '',
  decidedBy: null,
  decidedAt: null,
  note: null,
  ...over,
});

describe('exception texts', () => {
  it('tells a denied caller the reason, the safer way and the code to approve', () => {
    expect(denyText(verdict, 'AB12')).toBe(
      'Deletes recursively. Safer: rm -ri. [core.fs:rm-rf] If this is intended, a human can approve code AB12 ' +
        '(dashboard, or POST /api/v1/dcg/exceptions/AB12/approve) and you can retry.',
    );
  });

  it('tells a held caller who settled it', () => {
    expect(settledText(exc({ status: 'approved', decidedBy: 'ops', grant: 'once' }), verdict)).toBe('Approved by ops (once).');
    expect(settledText(exc({ status: 'expired' }), verdict)).toBe(
      'Deletes recursively. [core.fs:rm-rf] Held for approval as AB12; no one approved it in time.',
    );
    expect(settledText(exc({ status: 'denied', decidedBy: 'ops', note: 'no' }), verdict)).toBe(
      'Deletes recursively. [core.fs:rm-rf] Held for approval as AB12; denied by ops. Note: no',
    );
  });
});
