import type { WriteCheckReply } from '@flywheel/contracts';
import type { Decision } from '@flywheel/dcg';

/** A write to a path another agent holds exclusively: denied, naming the holder, the pattern and the expiry. */
export function reservedVerdict(reply: WriteCheckReply): Decision {
  const held = reply.holders.map((h) => `${h.path} is reserved by agent ${h.agentId} (pattern ${h.pattern}, ${h.mode}) until ${h.expiresAt}`);
  const holders = [...new Set(reply.holders.map((h) => h.agentId))].join(', ');
  return {
    decision: 'deny',
    ruleId: 'coordination:reserved',
    packId: 'coordination',
    severity: 'high',
    reason: `${held.join('; ')}. Ask ${holders} to release it, wait for the lease to expire, or reserve other paths.`,
    safeAlternative: `message agent ${holders} (send_message) or request a handoff`,
  };
}

/** Coordination did not answer: allow with a warning (fail open) or deny (fail closed). */
export function coordinationDownVerdict(failMode: 'open' | 'closed', code: string): Decision {
  const closed = failMode === 'closed';
  return {
    decision: closed ? 'deny' : 'warn',
    ruleId: 'coordination:unavailable',
    packId: 'coordination',
    severity: closed ? 'high' : 'low',
    reason: `File reservations could not be checked (coordination ${code}); ${closed ? 'denied because the check fails closed' : 'allowed because the check fails open'}.`,
  };
}
