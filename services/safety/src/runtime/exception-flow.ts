import { newId, type DcgDecision } from '@flywheel/contracts';
import type { Decision } from '@flywheel/dcg';
import type { EvalInput } from '../domain/eval-input.ts';
import { denyText, settledText } from '../domain/exception-text.ts';
import { newShortCode } from '../domain/short-code.ts';
import { quorumFor } from '../domain/quorum.ts';
import { toException, type StoredException } from '../domain/stored-exception.ts';
import { publishException, type SafetyCore } from './core.ts';

function createException(core: SafetyCore, input: EvalInput, hash: string, verdict: Decision, rec: DcgDecision, live: boolean): StoredException {
  const now = Date.now();
  const ttl = live ? core.approvalTimeoutMs : core.exceptionTtlMs;
  for (let attempt = 0; ; attempt++) {
    const row: StoredException = {
      id: newId('exc'),
      shortCode: newShortCode(),
      decisionId: rec.id,
      agentId: input.agentId ?? null,
      accountId: input.accountId ?? null,
      projectId: input.projectId ?? null,
      command: rec.command ?? '',
      commandHash: hash,
      ruleId: verdict.ruleId ?? null,
      packId: verdict.packId ?? null,
      severity: verdict.severity ?? null,
      reason: verdict.reason ?? null,
      status: 'pending',
      grant: null,
      live,
      consumed: false,
      createdAt: new Date(now).toISOString(),
      expiresAt: new Date(now + ttl).toISOString(),
      decidedBy: null,
      decidedAt: null,
      note: null,
      quorum: quorumFor(verdict.severity, core.policy.quorumFor(input.projectId ?? undefined)),
    };
    try {
      core.repos.exceptions.insert(row);
      return row;
    } catch (err) {
      // A short-code collision: draw another (unique index); anything else is a real failure.
      if (attempt >= 5 || !String((err as Error).message).includes('UNIQUE')) throw err;
    }
  }
}

/** A deny (or an `ask` that may not wait) gets a short code; an `ask` from a driver is held until settled. */
export async function holdOrDeny(core: SafetyCore, input: EvalInput, hash: string, verdict: Decision, rec: DcgDecision): Promise<DcgDecision> {
  const live = verdict.decision === 'ask' && input.wait;
  const exc = createException(core, input, hash, verdict, rec, live);
  publishException(core, toException(exc));
  const withCode = { ...rec, shortCode: exc.shortCode, exceptionId: exc.id };
  if (!live) return { ...withCode, decision: 'deny', reason: denyText(verdict, exc.shortCode, exc.quorum) };
  core.metrics.pendingLive.inc();
  const settled = await core.waiters
    .wait(exc.id, core.approvalTimeoutMs, (row) => publishException(core, core.repos.exceptions.view(row)))
    .finally(() => core.metrics.pendingLive.dec());
  return { ...withCode, decision: settled.status === 'approved' ? 'allow' : 'deny', reason: settledText(settled, verdict) };
}
