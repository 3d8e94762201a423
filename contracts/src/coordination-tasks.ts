import { z } from 'zod';
import { Id, IsoTime } from './ids.ts';
import { defineEvent } from './descriptors.ts';
import { AgentDriver } from './agent.ts';

/** Where a task stands; `done` is beads' `closed`. */
export const TaskStatus = z.enum(['open', 'in_progress', 'blocked', 'done', 'cancelled']);
export type TaskStatus = z.infer<typeof TaskStatus>;
export const TaskType = z.enum(['task', 'bug', 'feature', 'epic', 'chore']);
export type TaskType = z.infer<typeof TaskType>;
/** The beads dependency kinds; only `blocks` holds a task back (and takes part in cycle checks with `parent-child`). */
export const DependencyType = z.enum(['blocks', 'parent-child', 'related', 'discovered-from']);
export type DependencyType = z.infer<typeof DependencyType>;
/** 0 is the most urgent, 4 the backlog (as in beads). */
export const TaskPriority = z.number().int().min(0).max(4);
/** A task id: ours (`tsk_…`) or an imported beads id (`bd-a1b2`, `bd-a1b2.1`). */
export const TaskId = z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'must be 1-64 of [A-Za-z0-9_.-]');
export const TaskView = z.enum(['ready', 'blocked', 'in_progress', 'all']);
export type TaskView = z.infer<typeof TaskView>;

/** This task depends on `dependsOn` in the way `type` says (`blocks`: dependsOn must be done first). */
export const TaskDependency = z.object({ type: DependencyType, dependsOn: TaskId });
export type TaskDependency = z.infer<typeof TaskDependency>;

export const Task = z.object({
  id: TaskId,
  projectId: Id,
  title: z.string(),
  description: z.string(),
  status: TaskStatus,
  priority: TaskPriority,
  type: TaskType,
  labels: z.array(z.string()),
  assignee: z.string().optional(),
  /** Minutes (beads `estimated_minutes`). */
  estimate: z.number().int().min(0).optional(),
  acceptance: z.string().optional(),
  dependencies: z.array(TaskDependency),
  accountId: z.string().optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
  claimedAt: z.string().optional(),
  closedAt: z.string().optional(),
  createdBy: z.string().optional(),
  /** Open `blocks` dependencies holding it back (lists and gets fill it in). */
  blockedBy: z.array(TaskId).optional(),
});
export type Task = z.infer<typeof Task>;

const Title = z.string().trim().min(1).max(500);
const Labels = z.array(z.string().trim().min(1).max(100)).max(50);
const Dependencies = z.array(TaskDependency).max(200);

export const TaskCreate = z.object({
  projectId: Id,
  title: Title,
  description: z.string().max(50_000).default(''),
  priority: TaskPriority.default(2),
  type: TaskType.default('task'),
  labels: Labels.default([]),
  assignee: z.string().min(1).max(200).optional(),
  estimate: z.number().int().min(0).max(1_000_000).optional(),
  acceptance: z.string().max(20_000).optional(),
  dependencies: Dependencies.default([]),
});
export type TaskCreate = z.infer<typeof TaskCreate>;

/** A change; `null` clears an optional field; `dependencies` replaces the list. */
export const TaskPatch = z.object({
  title: Title.optional(),
  description: z.string().max(50_000).optional(),
  status: TaskStatus.optional(),
  priority: TaskPriority.optional(),
  type: TaskType.optional(),
  labels: Labels.optional(),
  assignee: z.string().min(1).max(200).nullable().optional(),
  estimate: z.number().int().min(0).max(1_000_000).nullable().optional(),
  acceptance: z.string().max(20_000).nullable().optional(),
  dependencies: Dependencies.optional(),
});
export type TaskPatch = z.infer<typeof TaskPatch>;

/** One entry of a task's history: what changed (`from` → `to` per field) and who did it. */
export const TaskChange = z.object({
  taskId: TaskId,
  projectId: Id,
  action: z.enum(['created', 'updated', 'claimed', 'completed', 'reopened', 'deleted', 'imported']),
  actor: z.string(),
  agentId: z.string().optional(),
  changes: z.record(z.string(), z.object({ from: z.unknown().optional(), to: z.unknown().optional() })),
  at: IsoTime,
});
export type TaskChange = z.infer<typeof TaskChange>;

export const TaskEdge = z.object({ from: TaskId, to: TaskId, type: DependencyType });
/** A project's graph: every task and every dependency (`from` depends on `to`). */
export const TaskGraph = z.object({ projectId: Id, nodes: z.array(Task), edges: z.array(TaskEdge) });
export type TaskGraph = z.infer<typeof TaskGraph>;

export const TaskImportReply = z.object({ created: z.array(TaskId), updated: z.array(TaskId), unchanged: z.array(TaskId) });
export type TaskImportReply = z.infer<typeof TaskImportReply>;

/** What the autopilot of a project runs: which agents, how many at once, where, and on what budget. */
export const AutopilotConfig = z.object({
  enabled: z.boolean().default(false),
  maxConcurrency: z.number().int().min(1).max(20).default(1),
  /** The repository the agents work in (absolute). */
  workingDirectory: z
    .string()
    .min(1)
    .max(4096)
    .refine((v) => v.startsWith('/'), 'must be an absolute path'),
  /** `worktree`: each task in its own git worktree and branch `flywheel/<taskId>` beside the repository; `none`: the repository itself. */
  isolation: z.enum(['worktree', 'none']).default('worktree'),
  driver: AgentDriver.default('sdk'),
  model: z.string().min(1).max(200).optional(),
  /** The first rule matching a task's type or one of its labels picks its driver and model. */
  rules: z
    .array(
      z.object({
        type: TaskType.optional(),
        label: z.string().min(1).max(100).optional(),
        driver: AgentDriver.optional(),
        model: z.string().min(1).max(200).optional(),
      }),
    )
    .max(50)
    .default([]),
  /** USD for the project: no task starts when what was spent plus a task's average cost would exceed it. */
  budgetUsd: z.number().positive().optional(),
  /** Environment of each agent; `${TASK_ID}` in a value becomes the task's id. */
  env: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), z.string().max(10_000)).default({}),
  /**
   * A shell command run in the task's worktree when its agent ends a turn without completing the task: exit 0 makes
   * the task done, anything else (or running past `checkTimeoutS`) fails that attempt.
   */
  checkCommand: z.string().min(1).max(10_000).optional(),
  /** Seconds (300 when absent). */
  checkTimeoutS: z.number().int().min(1).max(3600).optional(),
  /** Guard denials of the project's agents within `guardPauseWindowS` (300 when absent) that pause the autopilot (5 when absent; 0: never). */
  guardPauseAfter: z.number().int().min(0).max(1000).optional(),
  guardPauseWindowS: z.number().int().min(1).max(86_400).optional(),
});
export type AutopilotConfig = z.infer<typeof AutopilotConfig>;

export const AutopilotRun = z.object({
  taskId: TaskId,
  agentId: z.string().optional(),
  attempt: z.number().int().min(1),
  status: z.enum(['running', 'done', 'failed']),
  startedAt: IsoTime,
  endedAt: IsoTime.optional(),
  worktree: z.string().optional(),
  reason: z.string().optional(),
});
export type AutopilotRun = z.infer<typeof AutopilotRun>;

export const AutopilotStatus = AutopilotConfig.extend({
  projectId: Id,
  /** Set when it stopped starting work (budget, a task failed twice, a person); cleared by enabling it again. */
  paused: z.object({ reason: z.string(), at: IsoTime }).optional(),
  runs: z.array(AutopilotRun),
  updatedAt: IsoTime,
  updatedBy: z.string().optional(),
});
export type AutopilotStatus = z.infer<typeof AutopilotStatus>;
/** A person pauses the autopilot of a project (it finishes what runs, starts nothing) or lets it go on. */
export const AutopilotPause = z.object({ paused: z.boolean(), reason: z.string().min(1).max(500).optional() });
export type AutopilotPause = z.infer<typeof AutopilotPause>;

const TaskChangeEvent = z.object({
  type: z.enum(['created', 'updated', 'claimed', 'completed', 'reopened', 'deleted', 'imported']),
  task: Task,
  actor: z.string().optional(),
  /** Tasks a completion made ready. */
  unblocked: z.array(TaskId).optional(),
});
/** What the autopilot did. */
export const AutopilotEvent = z.object({
  type: z.literal('autopilot'),
  action: z.enum(['claimed', 'spawned', 'completed', 'failed', 'paused', 'resumed', 'checked']),
  projectId: Id,
  taskId: TaskId.optional(),
  agentId: z.string().optional(),
  reason: z.string().optional(),
  /** Paused because a task failed twice: a person should look (the gateway opens an `autopilot_stuck` alert). */
  needsHuman: z.boolean().optional(),
  /** The project's account (on a `needsHuman` pause, so the gateway can tell that account). */
  accountId: z.string().max(100).optional(),
});
export type AutopilotEvent = z.infer<typeof AutopilotEvent>;
export const TaskEvent = z.union([TaskChangeEvent, AutopilotEvent]);
export type TaskEvent = z.infer<typeof TaskEvent>;

/** `workspace.tasks.<projectId>` ↔ WS `workspace:tasks:<projectId>`. */
export const taskEvent = defineEvent({ subject: 'workspace.tasks.*', payload: TaskEvent, durable: true });

const Pctl = z.object({ count: z.number().int(), p50: z.number().optional(), p90: z.number().optional(), max: z.number().optional() });
const VelocityBucket = z.object({
  completed: z.number().int(),
  /** Rework: tasks reopened after done or cancelled. */
  reopened: z.number().int(),
  /** Created → done, seconds. */
  leadTimeS: Pctl,
  /** Last claimed (in_progress) → done, seconds. */
  cycleTimeS: Pctl,
  /** What the agents that worked on the completed tasks cost (cost service). */
  costUsd: z.number(),
  costPerTaskUsd: z.number().optional(),
  byType: z.record(z.string(), z.object({ completed: z.number().int(), costUsd: z.number(), costPerTaskUsd: z.number() })),
  /** Hours the agents that worked on the completed tasks ran (agent-runner: created → ended, or → last activity). */
  agentHours: z.number(),
  /** Tool calls those agents made (agent-runner's event log). */
  toolCalls: z.number().int(),
  /** Commands of those agents the guard denied (safety's decision log). */
  guardBlocks: z.number().int(),
  /** Lines added plus deleted on the completed tasks' branches `flywheel/<taskId>` against where they forked (git). */
  linesChanged: z.number().int(),
  /** Completed tasks whose branch `flywheel/<taskId>` carries commits and is merged into the repository's checked-out branch. */
  merges: z.number().int(),
});
export const VelocityQuery = z.object({ projectId: Id, from: IsoTime.optional(), to: IsoTime.optional() });
/** A project's delivery per UTC day and in total, computed from the task history and the cost records. */
export const Velocity = z.object({
  projectId: Id,
  from: IsoTime.optional(),
  to: IsoTime.optional(),
  days: z.array(VelocityBucket.extend({ day: z.string() })),
  total: VelocityBucket,
});
export type Velocity = z.infer<typeof Velocity>;

/** A project's opt-in two-way sync with a repository's `.beads/issues.jsonl`. */
export const BeadsSyncConfig = z.object({
  enabled: z.boolean(),
  /** The repository (absolute); the file is `<repository>/.beads/issues.jsonl`. */
  repository: z
    .string()
    .min(1)
    .max(4096)
    .refine((v) => v.startsWith('/'), 'must be an absolute path'),
});
export const BeadsSyncStatus = BeadsSyncConfig.extend({ projectId: Id, file: z.string() });
export type BeadsSyncStatus = z.infer<typeof BeadsSyncStatus>;
