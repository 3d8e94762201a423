import type { AllowlistEntry } from '@flywheel/contracts';
import { compact } from './compact.ts';

/** An allowlist entry as stored: the API view plus the hash that exact-command entries match on. */
export interface StoredAllow {
  id: string;
  kind: 'rule' | 'command';
  ruleId: string | null;
  command: string | null;
  commandHash: string | null;
  scope: 'global' | 'project' | 'agent';
  scopeId: string | null;
  reason: string;
  createdBy: string;
  createdAt: string;
  expiresAt: string | null;
}

export const toAllowEntry = (e: StoredAllow): AllowlistEntry => {
  const { commandHash: _h, ...rest } = compact(e);
  return rest as AllowlistEntry;
};

/** An uploaded custom pack, kept as its source text. */
export interface StoredPack {
  id: string;
  format: string;
  source: string;
  createdAt: string;
}

/** The action an operator may set on a rule in place of its own. */
export type RuleAction = 'deny' | 'ask' | 'warn';
