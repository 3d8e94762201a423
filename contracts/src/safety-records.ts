import { z } from 'zod';
import { Id, IsoTime } from './ids.ts';
import { defineEvent } from './descriptors.ts';

export const DcgSeverity = z.enum(['critical', 'high', 'medium', 'low']);
export type DcgSeverity = z.infer<typeof DcgSeverity>;

/** A final decision as stored and published: `ask` is always resolved to allow or deny first. */
export const DcgOutcome = z.enum(['allow', 'deny', 'warn']);
export type DcgOutcome = z.infer<typeof DcgOutcome>;

export const DcgSource = z.enum(['guard', 'check', 'hook']);

/** Which rule decided and what to tell the agent: shared by stored decisions and /check replies. */
export const RuleVerdict = z.object({
  ruleId: z.string().optional(),
  packId: z.string().optional(),
  severity: DcgSeverity.optional(),
  reason: z.string().optional(),
  safeAlternative: z.string().optional(),
  shortCode: z.string().optional(),
});

/** One guard decision, secrets redacted. */
export const DcgDecision = z.object({
  id: z.string(),
  ts: IsoTime,
  source: DcgSource,
  agentId: z.string().optional(),
  /** The account the agent (or the /check caller) acts for; absent for a hook of an unmanaged agent. */
  accountId: z.string().optional(),
  projectId: z.string().optional(),
  tool: z.string().optional(),
  /** The evaluated command, redacted; absent for tools without one (Write, Edit, ...). */
  command: z.string().optional(),
  decision: DcgOutcome,
  /** What the matched rule asked for (deny, ask, warn) before allowlists and approvals. */
  ruleAction: z.enum(['deny', 'ask', 'warn']).optional(),
  ...RuleVerdict.shape,
  exceptionId: z.string().optional(),
  allowlistId: z.string().optional(),
  durationUs: z.number().int().nonnegative(),
});
export type DcgDecision = z.infer<typeof DcgDecision>;

export const ExceptionStatus = z.enum(['pending', 'approved', 'denied', 'expired']);
export type ExceptionStatus = z.infer<typeof ExceptionStatus>;

/** once: this command once; agent: allowlist for this agent; always: global allowlist entry. */
export const ApprovalGrant = z.enum(['once', 'agent', 'always']);
export type ApprovalGrant = z.infer<typeof ApprovalGrant>;

/** A denied or held command waiting for a human; addressed by id or short code. */
export const DcgException = z.object({
  id: z.string(),
  shortCode: z.string(),
  decisionId: z.string(),
  agentId: z.string().optional(),
  /** The account of the decision; only that account's operators (and admins) may settle it. */
  accountId: z.string().optional(),
  projectId: z.string().optional(),
  command: z.string(),
  ruleId: z.string().optional(),
  packId: z.string().optional(),
  severity: DcgSeverity.optional(),
  reason: z.string().optional(),
  status: ExceptionStatus,
  grant: ApprovalGrant.optional(),
  /** A tool call is waiting on this right now (live approval). */
  live: z.boolean(),
  createdAt: IsoTime,
  expiresAt: IsoTime,
  decidedBy: z.string().optional(),
  decidedAt: IsoTime.optional(),
  note: z.string().optional(),
  /** Distinct principals that must approve (the two-person rule for critical rules); 1 when one approval settles it. */
  quorum: z.number().int().min(1).optional(),
  /** Approvals given so far (only for an exception that needs a quorum), one per principal. */
  approvals: z.array(z.object({ by: z.string(), at: IsoTime, grant: ApprovalGrant, note: z.string().optional() })).optional(),
  /** How many more distinct approvals it needs before it is approved (0 once settled). */
  approvalsNeeded: z.number().int().min(0).optional(),
});
export type DcgException = z.infer<typeof DcgException>;

export const AllowScope = z.enum(['global', 'project', 'agent']);
export type AllowScope = z.infer<typeof AllowScope>;

/** Exempts a rule id or one exact command from deny/ask, in a scope, optionally until a time. */
export const AllowlistEntry = z.object({
  id: z.string(),
  kind: z.enum(['rule', 'command']),
  ruleId: z.string().optional(),
  /** Redacted display of the exact command (matching uses a hash of the original). */
  command: z.string().optional(),
  scope: AllowScope,
  scopeId: z.string().optional(),
  reason: z.string(),
  createdBy: z.string(),
  createdAt: IsoTime,
  expiresAt: IsoTime.optional(),
});
export type AllowlistEntry = z.infer<typeof AllowlistEntry>;

export const AuditEntry = z.object({
  seq: z.number().int(),
  ts: IsoTime,
  actor: z.string(),
  action: z.string(),
  target: z.string(),
  details: z.unknown().optional(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

/** What travels on `system.dcg` (WS `system:dcg`): every decision, and every exception change. */
export const DcgEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('decision'), decision: DcgDecision }),
  z.object({ type: z.literal('exception'), exception: DcgException }),
]);
export type DcgEvent = z.infer<typeof DcgEvent>;

export const dcgEvent = defineEvent({ subject: 'system.dcg', payload: DcgEvent, durable: true });

/**
 * Whether a decoded, not yet parsed `system.dcg` payload can matter to a rule on denials: anything but a decision
 * that says it is not a deny (exceptions and malformed payloads go on to the schema). Lets such a consumer skip
 * the allows, most of the stream, before parsing them.
 */
export function dcgEventMayDeny(raw: unknown): boolean {
  const e = raw as { type?: unknown; decision?: { decision?: unknown } } | null | undefined;
  return !(e?.type === 'decision' && typeof e.decision?.decision === 'string' && e.decision.decision !== 'deny');
}

export const Actor = z.string().trim().min(1).max(200);
export const AgentRef = Id;
