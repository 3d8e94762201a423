import { z } from 'zod';
import { Cursor, IsoTime } from './ids.ts';
import { defineEvent } from './descriptors.ts';
import { ErrorCode } from './errors.ts';

/** What an audit record is about: a change through the API, or a security event. */
export const AuditEvent = z.enum(['request', 'auth_failed', 'access_denied', 'key_created', 'key_rotated', 'key_revoked', 'autopilot']);
export type AuditEvent = z.infer<typeof AuditEvent>;

export const AuditOutcome = z.enum(['success', 'failure']);
export type AuditOutcome = z.infer<typeof AuditOutcome>;

/**
 * One audited request: who (the key's account and id; the client address when no key was accepted), what
 * (method, route pattern, `<group>.<name>` action, target ids), how it ended, and when. Never a credential, a
 * request body (only the names of its top-level fields) or a created key's secret.
 */
export const AuditRecord = z.object({
  id: z.string().min(1).max(64),
  ts: IsoTime,
  event: AuditEvent,
  action: z.string().max(100),
  method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']),
  route: z.string().max(300),
  /** Path parameters and the id of what a create made (`result`), never secrets. */
  targets: z.record(z.string(), z.string().max(200)),
  /** Names of the body's top-level fields, not their values. */
  fields: z.array(z.string().max(100)).max(50),
  status: z.number().int(),
  outcome: AuditOutcome,
  errorCode: ErrorCode.optional(),
  accountId: z.string().max(100).optional(),
  /** `account/keyId` of the key that called. */
  actor: z.string().max(200).optional(),
  keyId: z.string().max(100).optional(),
  agentId: z.string().max(64).optional(),
  ip: z.string().max(100).optional(),
  requestId: z.string().max(100),
});
export type AuditRecord = z.infer<typeof AuditRecord>;

/** Every gateway instance publishes its records here; every instance keeps its own copy of all of them. */
export const auditRecordEvent = defineEvent({ subject: 'ops.audit', payload: AuditRecord, durable: true });

const Time = z.string().datetime({ offset: true });

/** Filters of GET /api/v1/audit and its CSV export. */
export const AuditFilter = z.object({
  accountId: z.string().max(100).optional(),
  actor: z.string().max(200).optional(),
  action: z.string().max(100).optional(),
  route: z.string().max(300).optional(),
  event: AuditEvent.optional(),
  outcome: AuditOutcome.optional(),
  since: Time.optional(),
  until: Time.optional(),
});
export type AuditFilter = z.infer<typeof AuditFilter>;

export const AuditLogQuery = AuditFilter.extend({ cursor: Cursor.optional(), limit: z.coerce.number().int().min(1).max(1000).default(100) });
export type AuditLogQuery = z.infer<typeof AuditLogQuery>;
