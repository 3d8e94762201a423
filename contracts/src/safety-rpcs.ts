import { z } from 'zod';
import { Cursor, Id, IsoTime } from './ids.ts';
import { defineRpc } from './descriptors.ts';
import {
  Actor,
  AllowlistEntry,
  AllowScope,
  ApprovalGrant,
  AuditEntry,
  DcgDecision,
  DcgException,
  DcgOutcome,
  DcgSeverity,
  ExceptionStatus,
  RuleVerdict,
} from './safety-records.ts';

const Name = z.string().trim().min(1).max(100);

export const DcgCheckRequest = z.object({
  command: z.string().min(1).max(100_000),
  agentId: Id.optional(),
  /** The account whose policy applies; a non-admin caller's own account always does. */
  accountId: Name.optional(),
  projectId: Name.optional(),
  profileId: Name.optional(),
  cwd: z.string().max(4096).optional(),
});
export type DcgCheckRequest = z.infer<typeof DcgCheckRequest>;

export const DcgCheckReply = RuleVerdict.extend({
  decision: DcgOutcome,
  decisionId: z.string(),
});
export type DcgCheckReply = z.infer<typeof DcgCheckReply>;

/** The engine's explanation: which rule matched which span of which segment, and why (see the engine's Explanation). */
export const PackActionValue = z.enum(['deny', 'ask', 'warn', 'off']);
export const PolicySource = z.enum(['default', 'config', 'global', 'account', 'project', 'profile']);
/** One pack's action in force for a scope, and the layer that set it. */
export const EffectivePack = z.object({ packId: z.string(), action: PackActionValue, source: PolicySource, scopeId: z.string().optional() });
export const EffectivePolicy = z.object({
  scope: z.object({ accountId: z.string().optional(), projectId: z.string().optional(), profileId: z.string().optional() }),
  packs: z.array(EffectivePack),
  /** Approvals a critical rule needs (1: the two-person rule is off) and where that came from. */
  quorum: z.object({ required: z.number().int(), source: z.enum(['default', 'config', 'global', 'project']), scopeId: z.string().optional() }),
});
export type EffectivePolicy = z.infer<typeof EffectivePolicy>;

export const DcgExplainReply = z.object({
  /** The effective policy the command was judged under: each pack's action and where it was set. */
  policy: EffectivePolicy,
  command: z.string(),
  decision: z.record(z.string(), z.unknown()),
  gate: z.object({ passed: z.boolean(), keyword: z.string().optional() }),
  parseErrors: z.array(z.string()),
  segments: z.array(z.record(z.string(), z.unknown())),
});

export const DecisionsQuery = z.object({
  agentId: z.string().max(100).optional(),
  ruleId: z.string().max(200).optional(),
  decision: DcgOutcome.optional(),
  since: IsoTime.optional(),
  until: IsoTime.optional(),
  /** The seq of the last decision of the previous page (its nextCursor). */
  cursor: z
    .string()
    .regex(/^\d{1,15}$/, 'must be the nextCursor of a previous page')
    .optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});
export type DecisionsQuery = z.infer<typeof DecisionsQuery>;

export const DcgStatsQuery = z.object({ since: IsoTime.optional(), until: IsoTime.optional() });
const Count = z.object({ key: z.string(), count: z.number().int() });
export const DcgStats = z.object({ total: z.number().int(), byDecision: z.array(Count), byRule: z.array(Count), byAgent: z.array(Count) });
export type DcgStats = z.infer<typeof DcgStats>;

const Rule = z.object({
  id: z.string(),
  severity: DcgSeverity,
  action: z.enum(['deny', 'ask', 'warn']),
  explanation: z.string(),
  safeAlternative: z.string().optional(),
});
export const DcgPackInfo = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  alwaysOn: z.boolean(),
  custom: z.boolean(),
  enabled: z.boolean(),
  rules: z.array(Rule),
  /** The pack's action in the asked scope (off: disabled) and which layer set it. */
  action: PackActionValue.optional(),
  source: PolicySource.optional(),
});
export type DcgPackInfo = z.infer<typeof DcgPackInfo>;

/** Which scope's pack selection to show or change; global applies to every agent. */
export const PackScope = z
  .object({ scope: z.enum(['global', 'project', 'profile']).default('global'), scopeId: Name.optional() })
  .refine((s) => (s.scope === 'global') === (s.scopeId === undefined), {
    message: 'scopeId is required for project/profile scopes and not allowed for global',
  });
export const PacksQuery = z.object({ accountId: Name.optional(), projectId: Name.optional(), profileId: Name.optional() });
const scoped = <T extends { scope: string; scopeId?: string }>(s: T) => (s.scope === 'global') === (s.scopeId === undefined);
const PacksEnableFields = z.object({ scope: z.enum(['global', 'project', 'profile']), scopeId: Name.optional(), packs: z.array(Name).max(100) });
const packsScopeRule = { message: 'scopeId is required for project/profile scopes and not allowed for global' };
/** PUT /dcg/packs/enabled body; the RPC adds the actor, which the gateway takes from the caller's key. */
export const PacksEnableBody = PacksEnableFields.refine(scoped, packsScopeRule);
export const PacksEnable = PacksEnableFields.extend({ actor: Actor }).refine(scoped, packsScopeRule);
const PackActionFields = z.object({ scope: z.enum(['global', 'account', 'project', 'profile']), scopeId: Name.optional(), action: PackActionValue.nullable() });
const packActionScopeRule = { message: 'scopeId is required for account/project/profile scopes and not allowed for global' };
/** PUT /dcg/packs/:id/action body: the pack's action in one scope (null: inherit again). */
export const PackActionBody = PackActionFields.refine(scoped, packActionScopeRule);
export const PackActionSet = PackActionFields.extend({ packId: Name, actor: Actor }).refine(scoped, packActionScopeRule);
export type PackActionSet = z.infer<typeof PackActionSet>;
export const PackActionResult = z.object({ packId: z.string(), scope: z.string(), scopeId: z.string().optional(), action: PackActionValue.nullable() });
const QuorumFields = z.object({ scope: z.enum(['global', 'project']), scopeId: Name.optional(), quorum: z.number().int().min(1).max(10).nullable() });
const quorumScopeRule = { message: 'scopeId is required for the project scope and not allowed for global' };
/** PUT /dcg/quorum body: distinct approvals a critical rule needs (2: the two-person rule; 1: off; null: inherit). */
export const QuorumBody = QuorumFields.refine(scoped, quorumScopeRule);
export const QuorumSet = QuorumFields.extend({ actor: Actor }).refine(scoped, quorumScopeRule);
export type QuorumSet = z.infer<typeof QuorumSet>;
export const QuorumResult = z.object({ scope: z.string(), scopeId: z.string().optional(), quorum: z.number().int().nullable() });
export const CustomPackUploadBody = z.object({ format: z.enum(['yaml', 'json']), content: z.string().min(1).max(200_000) });
export const CustomPackUpload = CustomPackUploadBody.extend({ actor: Actor });
const AllowlistFields = z.object({
  kind: z.enum(['rule', 'command']),
  ruleId: z.string().min(1).max(200).optional(),
  command: z.string().min(1).max(100_000).optional(),
  scope: AllowScope,
  scopeId: Name.optional(),
  reason: z.string().trim().min(1).max(1000),
  expiresAt: IsoTime.optional(),
});
const allowKindRule = (a: { kind: string; ruleId?: string; command?: string }) => (a.kind === 'rule' ? !!a.ruleId && !a.command : !!a.command && !a.ruleId);
const allowKindMessage = { message: 'a rule entry needs ruleId, a command entry needs command' };
const allowScopeMessage = { message: 'scopeId is required for project/agent scopes and not allowed for global' };
/** POST /dcg/allowlist body; the RPC adds the actor from the caller's key. */
export const AllowlistAddBody = AllowlistFields.refine(allowKindRule, allowKindMessage).refine(scoped, allowScopeMessage);
export const AllowlistAdd = AllowlistFields.extend({ actor: Actor }).refine(allowKindRule, allowKindMessage).refine(scoped, allowScopeMessage);
export type AllowlistAdd = z.infer<typeof AllowlistAdd>;

/** Replaces a rule's action everywhere (null restores the rule's own), e.g. core.git:push-force → ask. */
export const RuleActionBody = z.object({ action: z.enum(['deny', 'ask', 'warn']).nullable() });
export const RuleActionSet = RuleActionBody.extend({ ruleId: z.string().min(1).max(200), actor: Actor });
export type RuleActionSet = z.infer<typeof RuleActionSet>;

export const ExceptionsQuery = z.object({
  status: ExceptionStatus.optional(),
  agentId: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});
/** An exception by id (`exc_…`) or by its short code. */
export const ExceptionRef = z.object({ ref: z.string().trim().min(1).max(100) });
/** POST /dcg/exceptions/:ref/approve body; who decided comes from the caller's key, never from the body. */
export const ExceptionApproveBody = z.object({ grant: ApprovalGrant, note: z.string().max(1000).optional() });
export const ExceptionDenyBody = z.object({ note: z.string().max(1000).optional() });
export const ExceptionApprove = ExceptionApproveBody.extend({ decidedBy: Actor });
export const ExceptionDeny = ExceptionDenyBody.extend({ decidedBy: Actor });
export const AuditQuery = z.object({ limit: z.coerce.number().int().min(1).max(1000).default(100) });
const ById = z.object({ id: z.string().min(1).max(100) });
const Ok = z.object({ ok: z.literal(true) });
const list = <T extends z.ZodType>(t: T) => z.object({ items: z.array(t), nextCursor: Cursor.optional() });

const rpc = <Req extends z.ZodType, Res extends z.ZodType>(name: string, request: Req, reply: Res) =>
  defineRpc({ subject: `svc.safety.${name}`, request, reply });

/** Every safety RPC besides guardRpc; the gateway's /api/v1/dcg routes map onto these one to one. */
export const dcgRpcs = {
  check: rpc('check', DcgCheckRequest, DcgCheckReply),
  explain: rpc('explain', DcgCheckRequest, DcgExplainReply),
  decisions: rpc('decisions', DecisionsQuery, list(DcgDecision)),
  stats: rpc('stats', DcgStatsQuery, DcgStats),
  packs: rpc('packs', PacksQuery, z.object({ items: z.array(DcgPackInfo) })),
  packsEnable: rpc('packs.enable', PacksEnable, z.object({ scope: z.string(), scopeId: z.string().optional(), packs: z.array(z.string()) })),
  packUpload: rpc('packs.upload', CustomPackUpload, DcgPackInfo),
  packDelete: rpc('packs.delete', ById.extend({ actor: Actor }), Ok),
  allowlistAdd: rpc('allowlist.add', AllowlistAdd, AllowlistEntry),
  allowlistList: rpc('allowlist.list', z.object({}), z.object({ items: z.array(AllowlistEntry) })),
  allowlistRemove: rpc('allowlist.remove', ById.extend({ actor: Actor }), Ok),
  exceptions: rpc('exceptions', ExceptionsQuery, z.object({ items: z.array(DcgException) })),
  approve: rpc('exceptions.approve', ExceptionRef.extend(ExceptionApprove.shape), DcgException),
  deny: rpc('exceptions.deny', ExceptionRef.extend(ExceptionDeny.shape), DcgException),
  audit: rpc('audit', AuditQuery, z.object({ items: z.array(AuditEntry) })),
  packAction: rpc('packs.action', PackActionSet, PackActionResult),
  quorum: rpc('quorum', QuorumSet, QuorumResult),
  ruleAction: rpc('rules.action', RuleActionSet, z.object({ ruleId: z.string(), action: z.enum(['deny', 'ask', 'warn']), overridden: z.boolean() })),
};
