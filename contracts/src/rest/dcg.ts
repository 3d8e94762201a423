import { z } from 'zod';
import {
  AllowlistAddBody, AuditQuery, CustomPackUploadBody, DcgCheckReply, DcgCheckRequest, DcgExplainReply, DcgPackInfo, DcgStats, DcgStatsQuery, DecisionsQuery,
  ExceptionApproveBody, ExceptionDenyBody, ExceptionRef, ExceptionsQuery, PackActionBody, PackActionResult, PacksEnableBody, PacksQuery, QuorumBody, QuorumResult, RuleActionBody,
} from '../safety-rpcs.ts';
import { AllowlistEntry, AuditEntry, DcgDecision, DcgException } from '../safety-records.ts';
import { paged } from '../ids.ts';
import { routesOf } from './route.ts';

const route = routesOf('dcg');
const P = '/api/v1/dcg';

export const DcgById = z.object({ id: z.string().min(1).max(100) });
export const RuleParams = z.object({ ruleId: z.string().min(1).max(200) });
const Ok = z.object({ ok: z.literal(true) });
const Items = <T extends z.ZodType>(t: T) => z.object({ items: z.array(t) });
const RuleView = DcgPackInfo.shape.rules.element.extend({ packId: z.string(), enabled: z.boolean() });
export const PacksEnabled = z.object({ scope: z.string(), scopeId: z.string().optional(), packs: z.array(z.string()) });
export const RuleActionResult = z.object({ ruleId: z.string(), action: z.enum(['deny', 'ask', 'warn']), overridden: z.boolean() });

/** /api/v1/dcg: the Destructive Command Guard: checks, decisions, packs, allowlist, exceptions and approvals (docs/safety.md). */
export const dcgRoutes = {
  check: route({ method: 'POST', path: `${P}/check`, summary: 'Would the guard allow this command?', access: 'viewer', body: DcgCheckRequest, reply: DcgCheckReply }),
  explain: route({
    method: 'POST', path: `${P}/explain`, summary: 'How the guard reads a command, under which effective policy (each pack\'s action and where it was set)', access: 'viewer',
    body: DcgCheckRequest, reply: DcgExplainReply,
  }),
  decisions: route({ method: 'GET', path: `${P}/decisions`, summary: 'Stored guard decisions, newest first', access: 'viewer', query: DecisionsQuery, reply: paged(DcgDecision) }),
  stats: route({ method: 'GET', path: `${P}/stats`, summary: 'Decision counts by outcome, rule and agent', access: 'viewer', query: DcgStatsQuery, reply: DcgStats }),
  packs: route({ method: 'GET', path: `${P}/packs`, summary: 'Rule packs and whether each is enabled', access: 'viewer', query: PacksQuery, reply: Items(DcgPackInfo) }),
  rules: route({ method: 'GET', path: `${P}/rules`, summary: 'Every rule of every pack', access: 'viewer', query: PacksQuery, reply: Items(RuleView) }),
  ruleAction: route({
    method: 'PUT', path: `${P}/rules/:ruleId/action`, summary: "Set a rule's action (deny, ask, warn) or restore its own", access: 'admin',
    params: RuleParams, body: RuleActionBody, reply: RuleActionResult, errors: ['NOT_FOUND'],
  }),
  packsEnable: route({ method: 'PUT', path: `${P}/packs/enabled`, summary: 'Choose the enabled packs of a scope', access: 'admin', body: PacksEnableBody, reply: PacksEnabled, errors: ['NOT_FOUND'] }),
  packAction: route({
    method: 'PUT', path: `${P}/packs/:id/action`, summary: "Set a pack's action (deny, ask, warn, off) for everyone, an account, a project or an agent profile", access: 'admin',
    params: DcgById, body: PackActionBody, reply: PackActionResult, errors: ['NOT_FOUND'],
  }),
  quorum: route({
    method: 'PUT', path: `${P}/quorum`, summary: 'Set how many distinct people must approve a critical rule (the two-person rule), globally or per project', access: 'admin',
    body: QuorumBody, reply: QuorumResult,
  }),
  packUpload: route({
    method: 'POST', path: `${P}/packs`, summary: 'Upload a custom pack (YAML or JSON)', access: 'admin', body: CustomPackUploadBody, reply: DcgPackInfo,
    status: 201, errors: ['CONFLICT'],
  }),
  packDelete: route({
    method: 'DELETE', path: `${P}/packs/:id`, summary: 'Delete a custom pack', access: 'admin', params: DcgById, reply: Ok,
    errors: ['NOT_FOUND'],
  }),
  allowlistList: route({ method: 'GET', path: `${P}/allowlist`, summary: 'Allowlist entries', access: 'viewer', reply: Items(AllowlistEntry) }),
  allowlistAdd: route({ method: 'POST', path: `${P}/allowlist`, summary: 'Allow a rule or a command', access: 'admin', body: AllowlistAddBody, reply: AllowlistEntry, status: 201, errors: ['NOT_FOUND'] }),
  allowlistRemove: route({
    method: 'DELETE', path: `${P}/allowlist/:id`, summary: 'Remove an allowlist entry', access: 'admin', params: DcgById, reply: Ok,
    errors: ['NOT_FOUND'],
  }),
  exceptions: route({ method: 'GET', path: `${P}/exceptions`, summary: 'Guarded commands waiting for (or given) approval', access: 'viewer', query: ExceptionsQuery, reply: Items(DcgException) }),
  approve: route({
    method: 'POST', path: `${P}/exceptions/:ref/approve`, summary: 'Approve a guarded command (once, for the agent, or always)', access: 'operator',
    params: ExceptionRef, body: ExceptionApproveBody, reply: DcgException, errors: ['NOT_FOUND', 'CONFLICT'],
  }),
  deny: route({
    method: 'POST', path: `${P}/exceptions/:ref/deny`, summary: 'Deny a guarded command', access: 'operator', params: ExceptionRef, body: ExceptionDenyBody,
    reply: DcgException, errors: ['NOT_FOUND', 'CONFLICT'],
  }),
  audit: route({ method: 'GET', path: `${P}/audit`, summary: 'Who changed the guard policy and decided exceptions', access: 'viewer', query: AuditQuery, reply: Items(AuditEntry) }),
} as const;
