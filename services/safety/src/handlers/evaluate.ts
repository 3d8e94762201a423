import { newId, type DcgDecision } from '@flywheel/contracts';
import type { Decision } from '../domain/dcg/index.ts';
import { redact } from '../domain/redact.ts';
import { commandHash } from '../domain/short-code.ts';
import { findAllowed } from '../domain/allowlist-match.ts';
import { insertDecision } from '../db/decisions-repo.ts';
import { consumeOnceGrant } from '../db/exceptions-repo.ts';
import { publishDecision, type SafetyCore } from '../runtime/core.ts';
import { holdOrDeny } from './exception-flow.ts';

export interface EvalInput {
  source: 'guard' | 'check' | 'hook';
  agentId?: string;
  projectId?: string;
  profileId?: string;
  tool?: string;
  /** Absent for tools without a command (file edits, unknown tools): allowed and recorded. */
  command?: string;
  cwd?: string;
  /** Hold an `ask` for a human (drivers) or deny it at once with a short code (hooks, /check). */
  wait: boolean;
  /** A verdict decided before the engine (e.g. a shell tool without a readable command). */
  preset?: Decision;
}

function checkSafely(core: SafetyCore, input: EvalInput, command: string): Decision {
  try {
    const d = core.policy.engineFor(input).check(command, { cwd: input.cwd });
    const override = d.ruleId ? core.policy.overrides().get(d.ruleId) : undefined;
    return override && d.decision !== 'allow' ? { ...d, decision: override } : d;
  } catch (err) {
    core.logger.error({ err }, 'engine failed');
    const closed = core.failMode === 'closed';
    return { decision: closed ? 'deny' : 'warn', ruleId: 'engine:internal-error', packId: 'engine', severity: closed ? 'high' : 'low', reason: `The guard failed internally; ${closed ? 'denied (fail closed)' : 'allowed (fail open)'}.` };
  }
}

function baseRecord(input: EvalInput, verdict: Decision, durationUs: number): DcgDecision {
  const outcome = verdict.decision === 'ask' ? 'deny' : verdict.decision;
  const rec: DcgDecision = { id: newId('dcd'), ts: new Date().toISOString(), source: input.source, decision: outcome, durationUs };
  const opt = { agentId: input.agentId, projectId: input.projectId, tool: input.tool, command: input.command === undefined ? undefined : redact(input.command),
    ruleAction: verdict.decision === 'allow' ? undefined : verdict.decision, ruleId: verdict.ruleId, packId: verdict.packId, severity: verdict.severity,
    reason: verdict.reason, safeAlternative: verdict.safeAlternative };
  for (const [k, v] of Object.entries(opt)) if (v !== undefined) (rec as Record<string, unknown>)[k] = v;
  return rec;
}

/** Allowlist, then an approve-once grant, then a pending exception (held or denied). */
async function gate(core: SafetyCore, input: EvalInput, command: string, verdict: Decision, rec: DcgDecision): Promise<DcgDecision> {
  const hash = commandHash(command);
  const entry = findAllowed(core.policy.allowlist(), { ruleId: verdict.ruleId, commandHash: hash, agentId: input.agentId, projectId: input.projectId, now: new Date() });
  if (entry) return { ...rec, decision: 'allow', allowlistId: entry.id, reason: `${verdict.reason ?? ''} Allowed by allowlist entry ${entry.id}.`.trim() };
  const grant = consumeOnceGrant(core.db, input.agentId, hash);
  if (grant) return { ...rec, decision: 'allow', exceptionId: grant, reason: `${verdict.reason ?? ''} Allowed once by approved exception ${grant}.`.trim() };
  return holdOrDeny(core, input, hash, verdict, rec);
}

/** Evaluates one command (or a command-less tool call), stores, publishes and counts the decision. */
export async function evaluate(core: SafetyCore, input: EvalInput): Promise<DcgDecision> {
  const t0 = process.hrtime.bigint();
  const verdict: Decision = input.preset ?? (input.command === undefined ? { decision: 'allow' } : checkSafely(core, input, input.command));
  const durationUs = Number((process.hrtime.bigint() - t0) / 1000n);
  core.metrics.checkSeconds.observe({ source: input.source }, durationUs / 1e6);
  let rec = baseRecord(input, verdict, durationUs);
  if (input.command !== undefined && (verdict.decision === 'deny' || verdict.decision === 'ask')) rec = await gate(core, input, input.command, verdict, rec);
  insertDecision(core.db, rec);
  publishDecision(core, rec);
  core.metrics.decisions.inc({ rule: rec.ruleId ?? 'none', decision: rec.decision });
  return rec;
}
