import type { AuditEvent, AuditRecord, ErrorCode, HttpMethod, Principal } from '@flywheel/contracts';

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/**
 * POSTs that change nothing: a hook asking for a verdict (the guard stores its own decision record, so an audit row per
 * tool call would only double the writes on the hottest route). Refusals (401/403) are still audited.
 */
const QUERIES = new Set(['hooks.claudeCode']);
const KEY_EVENTS: Record<string, AuditEvent> = { 'keys.create': 'key_created', 'keys.rotate': 'key_rotated', 'keys.revoke': 'key_revoked' };
/** Body values worth keeping beside the ids (who got a key of which role): never free text, never secrets. */
const BODY_TARGETS = ['accountId', 'role', 'agentId', 'projectId', 'ruleId', 'packId'];

/** What the edge knows about a finished request. */
export interface FinishedRequest {
  id: string;
  ts: string;
  method: string;
  /** The route pattern, or the path when no route matched. */
  route: string;
  /** `<group>.<name>` of the route, `unmatched` when none did. */
  action: string;
  params: Record<string, unknown>;
  body: unknown;
  /** The id of what a create made (from its reply). */
  resultId?: string;
  status: number;
  errorCode?: ErrorCode;
  principal?: Principal;
  ip?: string;
  requestId: string;
}

/** Which audit event a request is, or undefined for one not audited (a read that was not refused). */
export function auditEventOf(method: string, action: string, status: number): AuditEvent | undefined {
  if (status === 401) return 'auth_failed';
  const mutating = MUTATING.has(method) && !QUERIES.has(action);
  if (status === 403 && !mutating) return 'access_denied';
  if (!mutating) return undefined;
  if (status === 403) return 'access_denied';
  return KEY_EVENTS[action] ?? 'request';
}

const short = (v: string, n: number) => (v.length > n ? v.slice(0, n) : v);

function targetsOf(f: FinishedRequest): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(f.params)) if (typeof v === 'string' && v) out[k] = short(v, 200);
  const body = isPlainObject(f.body) ? f.body : {};
  for (const k of BODY_TARGETS) if (typeof body[k] === 'string' && !(k in out)) out[k] = short(body[k], 200);
  if (f.resultId) out.result = short(f.resultId, 200);
  return out;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The audit record of a finished request, or undefined when it is not audited. */
export function auditRecordOf(f: FinishedRequest): AuditRecord | undefined {
  const event = auditEventOf(f.method, f.action, f.status);
  if (!event) return undefined;
  const p = f.principal;
  return {
    id: f.id,
    ts: f.ts,
    event,
    action: short(f.action, 100),
    method: f.method as HttpMethod,
    route: short(f.route, 300),
    targets: targetsOf(f),
    fields: isPlainObject(f.body)
      ? Object.keys(f.body)
          .slice(0, 50)
          .map((k) => short(k, 100))
      : [],
    status: f.status,
    outcome: f.status < 400 ? 'success' : 'failure',
    requestId: f.requestId,
    ...(f.errorCode ? { errorCode: f.errorCode } : {}),
    ...(p ? { accountId: p.accountId, actor: `${p.accountId}/${p.keyId ?? p.role}` } : {}),
    ...(p?.keyId ? { keyId: p.keyId } : {}),
    ...(p?.agentId ? { agentId: p.agentId } : {}),
    ...(f.ip ? { ip: short(f.ip, 100) } : {}),
  };
}
