import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** API keys: only the SHA-256 of the key is stored. */
export const apiKeys = sqliteTable('api_keys', {
  id: text('id').primaryKey(),
  keyHash: text('key_hash').notNull().unique(),
  accountId: text('account_id').notNull(),
  role: text('role').notNull(),
  createdAt: text('created_at').notNull(),
  revokedAt: integer('revoked_at'),
});

/** Secrets the gateway generates once and keeps (e.g. the ws-token signing key). */
export const authSecrets = sqliteTable('auth_secrets', {
  name: text('name').primaryKey(),
  value: text('value').notNull(),
  createdAt: text('created_at').notNull(),
});

/** This instance's copy of the audit log (every instance keeps all records, from the OPS stream). */
export const auditRecords = sqliteTable(
  'audit_records',
  {
    id: text('id').primaryKey(),
    ts: text('ts').notNull(),
    event: text('event').notNull(),
    action: text('action').notNull(),
    method: text('method').notNull(),
    route: text('route').notNull(),
    targets: text('targets', { mode: 'json' }).notNull().$type<Record<string, string>>(),
    fields: text('fields', { mode: 'json' }).notNull().$type<string[]>(),
    status: integer('status').notNull(),
    outcome: text('outcome').notNull(),
    errorCode: text('error_code'),
    accountId: text('account_id'),
    actor: text('actor'),
    keyId: text('key_id'),
    agentId: text('agent_id'),
    ip: text('ip'),
    requestId: text('request_id').notNull(),
  },
  (t) => [index('audit_ts').on(t.ts, t.id), index('audit_account').on(t.accountId, t.ts)],
);

/** Alerts as last seen on system.alerts (merged: highest count, latest status). */
export const alerts = sqliteTable(
  'alerts',
  {
    id: text('id').primaryKey(),
    rule: text('rule').notNull(),
    subjectKind: text('subject_kind').notNull(),
    subjectId: text('subject_id').notNull(),
    accountId: text('account_id'),
    severity: text('severity').notNull(),
    title: text('title').notNull(),
    details: text('details', { mode: 'json' }).notNull().$type<Record<string, unknown>>(),
    firstAt: text('first_at').notNull(),
    lastAt: text('last_at').notNull(),
    count: integer('count').notNull(),
    status: text('status').notNull(),
    statusAt: text('status_at').notNull(),
    statusBy: text('status_by'),
    ackedBy: text('acked_by'),
  },
  (t) => [index('alerts_subject').on(t.rule, t.subjectKind, t.subjectId, t.lastAt), index('alerts_first').on(t.firstAt, t.id)],
);

/** Notification deliveries as last seen on ops.deliveries. */
export const deliveries = sqliteTable(
  'deliveries',
  {
    id: text('id').primaryKey(),
    alertId: text('alert_id').notNull(),
    accountId: text('account_id').notNull(),
    channel: text('channel').notNull(),
    endpointId: text('endpoint_id'),
    status: text('status').notNull(),
    attempts: integer('attempts').notNull(),
    lastError: text('last_error'),
    lastStatus: integer('last_status'),
    nextAttemptAt: text('next_attempt_at'),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [index('deliveries_created').on(t.createdAt, t.id), index('deliveries_status').on(t.status)],
);

/** Small facts about this instance's database, e.g. the name of its own durable consumers. */
export const localState = sqliteTable('local_state', {
  name: text('name').primaryKey(),
  value: text('value').notNull(),
});
