import type { Decision } from '@flywheel/dcg';
import type { StoredException } from './stored-exception.ts';

/** What a denied caller reads: why, a safer way if there is one, and how a human can approve it. */
export const denyText = (verdict: Decision, code: string, quorum = 1) =>
  `${verdict.reason ?? 'Blocked by policy.'}${verdict.safeAlternative ? ` Safer: ${verdict.safeAlternative}.` : ''} [${verdict.ruleId}] ` +
  `If this is intended, ${quorum > 1 ? `${quorum} different people must each approve` : 'a human can approve'} code ${code} (dashboard, or POST /api/v1/dcg/exceptions/${code}/approve) and you can retry.`;

/** What a held caller reads once its exception is settled. */
export function settledText(e: StoredException, verdict: Decision): string {
  if (e.status === 'approved') return `Approved by ${e.decidedBy} (${e.grant})${(e.quorum ?? 1) > 1 ? `, the last of ${e.quorum} approvals` : ''}.`;
  const who = e.status === 'expired' ? 'no one approved it in time' : `denied by ${e.decidedBy}`;
  return `${verdict.reason ?? 'Blocked by policy.'} [${verdict.ruleId}] Held for approval as ${e.shortCode}; ${who}.${e.note ? ` Note: ${e.note}` : ''}`;
}
