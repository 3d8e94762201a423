import { newId, type DcgDecision } from '@flywheel/contracts';
import type { Decision } from '@flywheel/dcg';
import { commandHash } from '../domain/short-code.ts';
import { findAllowed } from '../domain/allowlist-match.ts';
import { decisionRecord, engineErrorVerdict } from '../domain/decision-record.ts';
import type { EvalInput } from '../domain/eval-input.ts';
import { publishDecision, type SafetyCore } from './core.ts';
import { holdOrDeny } from './exception-flow.ts';

function checkSafely(core: SafetyCore, input: EvalInput, command: string): Decision {
  try {
    const d = core.policy.engineFor(input).check(command, { cwd: input.cwd });
    const override = d.ruleId ? core.policy.overrides().get(d.ruleId) : undefined;
    return override && d.decision !== 'allow' ? { ...d, decision: override } : d;
  } catch (err) {
    core.logger.error({ err }, 'engine failed');
    return engineErrorVerdict(core.failMode);
  }
}

/** Allowlist, then an approve-once grant, then a pending exception (held or denied). */
async function gate(core: SafetyCore, input: EvalInput, command: string, verdict: Decision, rec: DcgDecision): Promise<DcgDecision> {
  const hash = commandHash(command);
  const entry = findAllowed(core.policy.allowlist(), {
    ruleId: verdict.ruleId,
    commandHash: hash,
    agentId: input.agentId,
    projectId: input.projectId,
    now: new Date(),
  });
  if (entry) return { ...rec, decision: 'allow', allowlistId: entry.id, reason: `${verdict.reason ?? ''} Allowed by allowlist entry ${entry.id}.`.trim() };
  const grant = core.repos.exceptions.consumeOnceGrant(input, hash);
  if (grant) return { ...rec, decision: 'allow', exceptionId: grant, reason: `${verdict.reason ?? ''} Allowed once by approved exception ${grant}.`.trim() };
  return holdOrDeny(core, input, hash, verdict, rec);
}

/** Evaluates one command (or a command-less tool call), stores, publishes and counts the decision. */
export async function evaluate(core: SafetyCore, input: EvalInput): Promise<DcgDecision> {
  const t0 = process.hrtime.bigint();
  const engine: Decision = input.preset ?? (input.command === undefined ? { decision: 'allow' } : checkSafely(core, input, input.command));
  const durationUs = Number((process.hrtime.bigint() - t0) / 1000n);
  const coordination = await input.coordination;
  // A reservation denial stands alone: it is not approvable like a rule (the holder releases, or the lease expires).
  const reserved = coordination !== undefined && (engine.decision === 'allow' || engine.decision === 'warn');
  const verdict = reserved ? coordination : engine;
  core.metrics.checkSeconds.observe({ source: input.source }, durationUs / 1e6);
  let rec = decisionRecord(input, verdict, { id: newId('dcd'), ts: new Date().toISOString(), durationUs });
  if (!reserved && input.command !== undefined && (verdict.decision === 'deny' || verdict.decision === 'ask'))
    rec = await gate(core, input, input.command, verdict, rec);
  core.repos.decisions.insert(rec);
  publishDecision(core, rec);
  core.metrics.decisions.inc({ rule: rec.ruleId ?? 'none', decision: rec.decision });
  return rec;
}
