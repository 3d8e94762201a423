import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import type { WorktreeInfo } from '../domain/worktree-git.ts';

/** Agents this runner owns; the process may be gone, the row stays truthful. */
export const agents = sqliteTable(
  'agents',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    driver: text('driver').notNull(),
    state: text('state').notNull(),
    activity: text('activity').notNull(),
    stateReason: text('state_reason'),
    pauseReason: text('pause_reason'),
    // When a paused agent's usage limit resets (pause reason usage_limit).
    resumeAt: text('resume_at'),
    // The agent's own auto-resume setting at a usage limit (1/0); null follows its project's.
    autoResume: integer('auto_resume', { mode: 'boolean' }),
    // What the agent waits for from a person that its state does not say: approval, input, error (AgentAttention).
    attentionFlag: text('attention_flag'),
    workingDirectory: text('working_directory').notNull(),
    model: text('model'),
    command: text('command', { mode: 'json' }).$type<string[]>(),
    // Needed to resume the process after a restart; never returned by the API.
    env: text('env', { mode: 'json' }).$type<Record<string, string>>().notNull(),
    accountId: text('account_id'),
    projectId: text('project_id'),
    // The top of the agent's working tree (git toplevel); coordination maps written paths through it.
    treeRoot: text('tree_root'),
    // The provider profile (BYOA) the process was started with; its secrets stay with the gateway.
    profileId: text('profile_id'),
    // Worktree isolation (docs/worktrees.md): the agent's own worktree, branch, base and merge state.
    isolation: text('isolation').notNull().default('in-place'),
    worktree: text('worktree', { mode: 'json' }).$type<WorktreeInfo>(),
    pid: integer('pid'),
    sessionId: text('session_id'),
    lastMessageUuid: text('last_message_uuid'),
    messageCount: integer('message_count').notNull().default(0),
    lastSeq: integer('last_seq').notNull().default(0),
    attachCommand: text('attach_command'),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
    lastActivityAt: text('last_activity_at'),
  },
  (t) => [index('agents_created').on(t.createdAt, t.id)],
);

/** Every AgentEvent, for /output and /events pagination by seq. */
export const agentEvents = sqliteTable(
  'agent_events',
  {
    agentId: text('agent_id').notNull(),
    seq: integer('seq').notNull(),
    type: text('type').notNull(),
    payload: text('payload', { mode: 'json' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.agentId, t.seq] })],
);

export const checkpoints = sqliteTable(
  'checkpoints',
  {
    id: text('id').primaryKey(),
    agentId: text('agent_id').notNull(),
    seq: integer('seq').notNull(),
    sessionId: text('session_id'),
    messageUuid: text('message_uuid'),
    messageCount: integer('message_count').notNull(),
    reason: text('reason').notNull(),
    createdAt: text('created_at').notNull(),
  },
  (t) => [index('checkpoints_agent').on(t.agentId, t.createdAt)],
);

/** Command history: every message and control sent to an agent, who sent it, the outcome. */
export const commands = sqliteTable(
  'commands',
  {
    id: text('id').primaryKey(),
    agentId: text('agent_id').notNull(),
    kind: text('kind').notNull(),
    message: text('message'),
    actor: text('actor'),
    requestId: text('request_id'),
    outcome: text('outcome').notNull(),
    error: text('error', { mode: 'json' }),
    createdAt: text('created_at').notNull(),
  },
  (t) => [index('commands_agent').on(t.agentId, t.createdAt)],
);

/** Review comments on a worktree agent's diff (sent to the agent as a message). */
export const reviewComments = sqliteTable(
  'review_comments',
  {
    id: text('id').primaryKey(),
    agentId: text('agent_id').notNull(),
    file: text('file').notNull(),
    startLine: integer('start_line').notNull(),
    endLine: integer('end_line').notNull(),
    body: text('body').notNull(),
    quote: text('quote').notNull(),
    author: text('author'),
    commandId: text('command_id'),
    createdAt: text('created_at').notNull(),
  },
  (t) => [index('review_comments_agent').on(t.agentId, t.id)],
);

/** Approvals of a worktree agent's work: the tree approved, so a later change makes the approval outdated. */
export const reviewApprovals = sqliteTable(
  'review_approvals',
  {
    id: text('id').primaryKey(),
    agentId: text('agent_id').notNull(),
    by: text('by').notNull(),
    tree: text('tree').notNull(),
    note: text('note'),
    createdAt: text('created_at').notNull(),
  },
  (t) => [index('review_approvals_agent').on(t.agentId, t.id)],
);
