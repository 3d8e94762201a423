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
}

export const toException = (e: StoredException): DcgException => {
  const { commandHash: _h, consumed: _c, ...rest } = compact(e);
  return rest as DcgException;
};
