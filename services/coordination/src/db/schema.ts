import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** Agents coordination has heard of, from the runners' state events (project, tree, account, liveness). */
export const agents = sqliteTable(
  'agents',
  {
    agentId: text('agent_id').primaryKey(),
    name: text('name'),
    accountId: text('account_id'),
    projectId: text('project_id').notNull(),
    treeRoot: text('tree_root'),
    state: text('state').notNull(),
    lastSeenAt: text('last_seen_at').notNull(),
    endedAt: text('ended_at'),
  },
  (t) => [index('agents_project').on(t.projectId), index('agents_tree').on(t.treeRoot)],
);

/** Reservations (leases); named `leases` so the skeleton's unused `reservations` table never collides. */
export const leases = sqliteTable(
  'leases',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    id: text('id').notNull().unique(),
    projectId: text('project_id').notNull(),
    agentId: text('agent_id').notNull(),
    accountId: text('account_id'),
    patterns: text('patterns', { mode: 'json' }).$type<string[]>().notNull(),
    mode: text('mode').notNull(),
    reason: text('reason'),
    status: text('status').notNull(),
    createdAt: text('created_at').notNull(),
    expiresAt: text('expires_at').notNull(),
    renewedAt: text('renewed_at'),
    warnedAt: text('warned_at'),
    releasedAt: text('released_at'),
    releaseReason: text('release_reason'),
    releasedBy: text('released_by'),
  },
  (t) => [
    index('leases_project_status').on(t.projectId, t.status),
    index('leases_agent_status').on(t.agentId, t.status),
    index('leases_expiry').on(t.status, t.expiresAt),
  ],
);

export const projectSettings = sqliteTable('project_settings', {
  projectId: text('project_id').primaryKey(),
  grantMode: text('grant_mode').notNull(),
  defaultTtlSeconds: integer('default_ttl_seconds').notNull(),
  updatedAt: text('updated_at').notNull(),
  updatedBy: text('updated_by'),
});

export const messages = sqliteTable(
  'messages',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    id: text('id').notNull().unique(),
    projectId: text('project_id').notNull(),
    threadId: text('thread_id').notNull(),
    fromAgent: text('from_agent').notNull(),
    toAgents: text('to_agents', { mode: 'json' }).$type<string[]>().notNull(),
    broadcast: integer('broadcast', { mode: 'boolean' }).notNull(),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    importance: text('importance').notNull(),
    ackRequired: integer('ack_required', { mode: 'boolean' }).notNull(),
    accountId: text('account_id'),
    createdAt: text('created_at').notNull(),
  },
  (t) => [index('messages_project').on(t.projectId, t.seq), index('messages_thread').on(t.threadId, t.seq)],
);

/** One row per recipient of a message: its inbox entry with read and ack state. */
export const receipts = sqliteTable(
  'message_receipts',
  {
    messageId: text('message_id').notNull(),
    agentId: text('agent_id').notNull(),
    messageSeq: integer('message_seq').notNull(),
    readAt: text('read_at'),
    ackedAt: text('acked_at'),
  },
  (t) => [primaryKey({ columns: [t.messageId, t.agentId] }), index('receipts_inbox').on(t.agentId, t.messageSeq)],
);

export const conflicts = sqliteTable(
  'conflicts',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    id: text('id').notNull().unique(),
    projectId: text('project_id').notNull(),
    type: text('type').notNull(),
    severity: text('severity').notNull(),
    /** type + resource + agents: one open conflict per fingerprint, counted as it recurs. */
    fingerprint: text('fingerprint').notNull(),
    agents: text('agents', { mode: 'json' }).$type<string[]>().notNull(),
    resource: text('resource').notNull(),
    evidence: text('evidence', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    suggestions: text('suggestions', { mode: 'json' }).$type<{ kind: string; text: string }[]>().notNull(),
    status: text('status').notNull(),
    occurrences: integer('occurrences').notNull(),
    accountId: text('account_id'),
    detectedAt: text('detected_at').notNull(),
    lastSeenAt: text('last_seen_at').notNull(),
    resolvedAt: text('resolved_at'),
    resolvedBy: text('resolved_by'),
    resolution: text('resolution'),
  },
  (t) => [index('conflicts_project').on(t.projectId, t.seq), index('conflicts_open').on(t.fingerprint, t.status)],
);

export const handoffs = sqliteTable(
  'handoffs',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    id: text('id').notNull().unique(),
    projectId: text('project_id').notNull(),
    fromAgent: text('from_agent').notNull(),
    toAgent: text('to_agent').notNull(),
    accountId: text('account_id'),
    phase: text('phase').notNull(),
    context: text('context', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    reservationIds: text('reservation_ids', { mode: 'json' }).$type<string[]>().notNull(),
    messageId: text('message_id'),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
    expiresAt: text('expires_at').notNull(),
    deliveredAt: text('delivered_at'),
    deliveryAttempts: integer('delivery_attempts').notNull().default(0),
    lastError: text('last_error'),
    trail: text('trail', { mode: 'json' }).$type<{ phase: string; at: string; by?: string; note?: string }[]>().notNull(),
  },
  (t) => [index('handoffs_project').on(t.projectId, t.seq), index('handoffs_phase').on(t.phase)],
);

/** The work graph: one row per task; dependencies ride along as JSON (graphs are read a project at a time). */
export const tasks = sqliteTable(
  'tasks',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    id: text('id').notNull().unique(),
    projectId: text('project_id').notNull(),
    title: text('title').notNull(),
    description: text('description').notNull(),
    status: text('status').notNull(),
    priority: integer('priority').notNull(),
    type: text('type').notNull(),
    labels: text('labels', { mode: 'json' }).$type<string[]>().notNull(),
    assignee: text('assignee'),
    estimate: integer('estimate'),
    acceptance: text('acceptance'),
    dependencies: text('dependencies', { mode: 'json' }).$type<{ type: string; dependsOn: string }[]>().notNull(),
    accountId: text('account_id'),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
    claimedAt: text('claimed_at'),
    closedAt: text('closed_at'),
    createdBy: text('created_by'),
    /** The beads JSONL line it was imported from, and the task's fields then: export gives the line back while they still match. */
    beadsLine: text('beads_line'),
    beadsFingerprint: text('beads_fingerprint'),
  },
  (t) => [index('tasks_project').on(t.projectId, t.status)],
);

/** Every change of a task and who made it; kept after the task is deleted. */
export const taskHistory = sqliteTable(
  'task_history',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    taskId: text('task_id').notNull(),
    projectId: text('project_id').notNull(),
    accountId: text('account_id'),
    action: text('action').notNull(),
    actor: text('actor').notNull(),
    agentId: text('agent_id'),
    changes: text('changes', { mode: 'json' }).$type<Record<string, { from?: unknown; to?: unknown }>>().notNull(),
    at: text('at').notNull(),
  },
  (t) => [index('task_history_task').on(t.taskId, t.seq), index('task_history_project').on(t.projectId, t.at)],
);

/** A project's autopilot settings and why it stopped starting work, if it did. */
export const autopilots = sqliteTable('autopilots', {
  projectId: text('project_id').primaryKey(),
  config: text('config', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
  accountId: text('account_id'),
  pausedReason: text('paused_reason'),
  pausedAt: text('paused_at'),
  updatedAt: text('updated_at').notNull(),
  updatedBy: text('updated_by'),
});

/** Each agent the autopilot started for a task, and how it ended. */
export const autopilotRuns = sqliteTable(
  'autopilot_runs',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    projectId: text('project_id').notNull(),
    taskId: text('task_id').notNull(),
    agentId: text('agent_id'),
    attempt: integer('attempt').notNull(),
    status: text('status').notNull(),
    startedAt: text('started_at').notNull(),
    endedAt: text('ended_at'),
    worktree: text('worktree'),
    reason: text('reason'),
  },
  (t) => [index('autopilot_runs_project').on(t.projectId, t.status), index('autopilot_runs_agent').on(t.agentId)],
);

/** Projects that keep a repository's `.beads/issues.jsonl` in sync with their tasks, both ways. */
export const beadsSync = sqliteTable('beads_sync', {
  projectId: text('project_id').primaryKey(),
  repository: text('repository').notNull(),
  accountId: text('account_id'),
  updatedAt: text('updated_at').notNull(),
  updatedBy: text('updated_by'),
});
