import type { DcgDecision } from '@flywheel/contracts';
import type { Decision } from '@flywheel/dcg';
import type { EvalInput } from './eval-input.ts';
import { redact } from './redact.ts';

/** The verdict when the engine itself throws: deny when the guard fails closed, warn when it fails open. */
export function engineErrorVerdict(failMode: 'open' | 'closed'): Decision {
  const closed = failMode === 'closed';
  return {
    decision: closed ? 'deny' : 'warn',
    ruleId: 'engine:internal-error',
    packId: 'engine',
    severity: closed ? 'high' : 'low',
    reason: `The guard failed internally; ${closed ? 'denied (fail closed)' : 'allowed (fail open)'}.`,
  };
}

/** The decision as recorded, before allowlist and exceptions: an `ask` is a deny until someone approves; the command is redacted. */
export function decisionRecord(input: EvalInput, verdict: Decision, at: { id: string; ts: string; durationUs: number }): DcgDecision {
  const outcome = verdict.decision === 'ask' ? 'deny' : verdict.decision;
  const rec: DcgDecision = { id: at.id, ts: at.ts, source: input.source, decision: outcome, durationUs: at.durationUs };
  const opt = {
    agentId: input.agentId,
    accountId: input.accountId,
    projectId: input.projectId,
    tool: input.tool,
    command: input.command === undefined ? undefined : redact(input.command),
    ruleAction: verdict.decision === 'allow' ? undefined : verdict.decision,
    ruleId: verdict.ruleId,
    packId: verdict.packId,
    severity: verdict.severity,
    reason: verdict.reason,
    safeAlternative: verdict.safeAlternative,
  };
  for (const [k, v] of Object.entries(opt)) if (v !== undefined) (rec as Record<string, unknown>)[k] = v;
  return rec;
}
