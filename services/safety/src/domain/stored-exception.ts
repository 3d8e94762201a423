import type { DcgException } from '@flywheel/contracts';
import { compact } from './compact.ts';

/** An exception as stored: the API view plus the hash of the unredacted command and whether its approve-once grant was used. */
export interface StoredException {
  id: string;
  shortCode: string;
  decisionId: string;
  agentId: string | null;
  /** null: no account (a hook of an unmanaged agent, or a row from before accounts were recorded); optional for fixtures. */
  accountId?: string | null;
  projectId: string | null;
  command: string;
  commandHash: string;
  ruleId: string | null;
  packId: string | null;
  severity: string | null;
  reason: string | null;
  status: string;
  grant: string | null;
  live: boolean;
  consumed: boolean;
  createdAt: string;
  expiresAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  note: string | null;
  /** Distinct approvals it needs (the two-person rule); 1 when omitted. */
  quorum?: number;
}

/** One recorded approval of an exception that needs a quorum. */
export interface StoredApproval {
  principal: string;
  grant: string;
  note: string | null;
  at: string;
}

/** The API view; an exception that needs a quorum shows its approvals and how many more it needs. */
export const toException = (e: StoredException, approvals: readonly StoredApproval[] = []): DcgException => {
  const { commandHash: _h, consumed: _c, quorum = 1, ...rest } = compact(e);
  if (quorum <= 1) return rest as DcgException;
  const counted = new Set(approvals.map((a) => a.principal)).size;
  return {
    ...rest,
    quorum,
    approvals: approvals.map((a) => ({ by: a.principal, at: a.at, grant: a.grant, ...(a.note ? { note: a.note } : {}) })),
    approvalsNeeded: e.status === 'pending' ? Math.max(0, quorum - counted) : 0,
  } as DcgException;
};
