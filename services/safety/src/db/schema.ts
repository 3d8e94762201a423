import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/** Every guard decision, secrets redacted; seq orders pages. */
export const decisions = sqliteTable(
  'decisions',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    id: text('id').notNull(),
    ts: text('ts').notNull(),
    source: text('source').notNull(),
    agentId: text('agent_id'),
    accountId: text('account_id'),
    projectId: text('project_id'),
    tool: text('tool'),
    command: text('command'),
    decision: text('decision').notNull(),
    ruleAction: text('rule_action'),
    ruleId: text('rule_id'),
    packId: text('pack_id'),
    severity: text('severity'),
    reason: text('reason'),
    safeAlternative: text('safe_alternative'),
    shortCode: text('short_code'),
    exceptionId: text('exception_id'),
    allowlistId: text('allowlist_id'),
    durationUs: integer('duration_us').notNull(),
  },
  (t) => [
    uniqueIndex('decisions_id').on(t.id),
    index('decisions_agent').on(t.agentId, t.seq),
    index('decisions_rule').on(t.ruleId, t.seq),
    index('decisions_ts').on(t.ts),
    index('decisions_account').on(t.accountId, t.seq),
  ],
);

/** Denied or held commands a human may approve; commandHash matches the unredacted command. */
export const exceptions = sqliteTable(
  'exceptions',
  {
    id: text('id').primaryKey(),
    shortCode: text('short_code').notNull(),
    decisionId: text('decision_id').notNull(),
    agentId: text('agent_id'),
    accountId: text('account_id'),
    projectId: text('project_id'),
    command: text('command').notNull(),
    commandHash: text('command_hash').notNull(),
    ruleId: text('rule_id'),
    packId: text('pack_id'),
    severity: text('severity'),
    reason: text('reason'),
    status: text('status').notNull(),
    grant: text('grant'),
    live: integer('live', { mode: 'boolean' }).notNull(),
    consumed: integer('consumed', { mode: 'boolean' }).notNull().default(false),
    createdAt: text('created_at').notNull(),
    expiresAt: text('expires_at').notNull(),
    decidedBy: text('decided_by'),
    decidedAt: text('decided_at'),
    note: text('note'),
    /** Distinct approvals needed before it is approved (the two-person rule for critical rules); 1 otherwise. */
    quorum: integer('quorum').notNull().default(1),
  },
  (t) => [
    uniqueIndex('exceptions_code').on(t.shortCode),
    index('exceptions_status').on(t.status),
    index('exceptions_grant').on(t.agentId, t.commandHash),
    index('exceptions_account').on(t.accountId, t.createdAt),
  ],
);

export const allowlist = sqliteTable('allowlist', {
  id: text('id').primaryKey(),
  kind: text('kind').$type<'rule' | 'command'>().notNull(),
  ruleId: text('rule_id'),
  command: text('command'),
  commandHash: text('command_hash'),
  scope: text('scope').$type<'global' | 'project' | 'agent'>().notNull(),
  scopeId: text('scope_id'),
  reason: text('reason').notNull(),
  createdBy: text('created_by').notNull(),
  createdAt: text('created_at').notNull(),
  expiresAt: text('expires_at'),
});

/**
 * A pack's action per scope (global, account:<id>, project:<id>, profile:<id>): deny (its rules' own actions),
 * ask, warn or off. A pack with no row anywhere takes its built-in default (core deny, the others ask).
 */
export const packActions = sqliteTable(
  'pack_actions',
  {
    scopeKey: text('scope_key').notNull(),
    packId: text('pack_id').notNull(),
    action: text('action').$type<'deny' | 'ask' | 'warn' | 'off'>().notNull(),
    updatedBy: text('updated_by').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.scopeKey, t.packId] })],
);

/** The two-person rule per scope (global, project:<id>): distinct approvals a critical rule's exception needs. */
export const quorumSettings = sqliteTable('quorum_settings', {
  scopeKey: text('scope_key').primaryKey(),
  quorum: integer('quorum').notNull(),
  updatedBy: text('updated_by').notNull(),
  updatedAt: text('updated_at').notNull(),
});

/** Each approval given to an exception that needs a quorum; one per principal. */
export const exceptionApprovals = sqliteTable(
  'exception_approvals',
  {
    exceptionId: text('exception_id').notNull(),
    principal: text('principal').notNull(),
    grant: text('grant').notNull(),
    note: text('note'),
    at: text('at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.exceptionId, t.principal] })],
);

export const customPacks = sqliteTable('custom_packs', {
  id: text('id').primaryKey(),
  format: text('format').notNull(),
  source: text('source').notNull(),
  createdAt: text('created_at').notNull(),
});

/** A rule's action changed by an operator (e.g. make core.git:push-force `ask`); applies everywhere. */
export const ruleOverrides = sqliteTable('rule_overrides', {
  ruleId: text('rule_id').primaryKey(),
  action: text('action').$type<'deny' | 'ask' | 'warn'>().notNull(),
  updatedBy: text('updated_by').notNull(),
  updatedAt: text('updated_at').notNull(),
});

/** Bumped on every policy change so every instance rebuilds its engines. */
export const policyVersion = sqliteTable('policy_version', {
  id: integer('id').primaryKey(),
  version: integer('version').notNull(),
});

export const audit = sqliteTable('audit', {
  seq: integer('seq').primaryKey({ autoIncrement: true }),
  ts: text('ts').notNull(),
  actor: text('actor').notNull(),
  action: text('action').notNull(),
  target: text('target').notNull(),
  details: text('details', { mode: 'json' }),
});
