import { z } from 'zod';
import { Id } from './ids.ts';
import { defineRpc } from './descriptors.ts';
import {
  BeadsSyncConfig,
  BeadsSyncStatus,
  AutopilotConfig,
  AutopilotPause,
  AutopilotStatus,
  Velocity,
  VelocityQuery,
  Task,
  TaskChange,
  TaskCreate,
  TaskGraph,
  TaskId,
  TaskImportReply,
  TaskPatch,
  TaskView,
} from './coordination-tasks.ts';

const rpc = <Req extends z.ZodType, Res extends z.ZodType>(op: string, request: Req, reply: Res, timeoutMs = 5000) =>
  defineRpc({ subject: `svc.coordination.tasks.${op}`, request, reply, timeoutMs });

/** Who did it (`account/keyId`), filled by the gateway from the key; never from a client body. */
const Actor = { actor: z.string().max(200).optional() };
const ById = z.object({ id: TaskId });
/** A beads JSONL file (`.beads/issues.jsonl`), at most 10 MB. */
export const Jsonl = z.string().max(10_000_000);

export const TaskListRequest = z.object({ projectId: Id, view: TaskView.default('all'), limit: z.number().int().min(1).max(5000).default(1000) });
export const TaskClaim = ById.extend({ agentId: Id.optional(), ...Actor });
export const TaskComplete = ById.extend({ agentId: Id.optional(), note: z.string().max(5000).optional(), ...Actor });
export const TaskCompleteReply = z.object({ task: Task, unblocked: z.array(Task) });

/** svc.coordination.tasks.*: the work graph (docs/tasks.md). */
export const taskRpcs = {
  create: rpc('create', TaskCreate.extend(Actor), Task),
  list: rpc('list', TaskListRequest, z.object({ items: z.array(Task) })),
  get: rpc('get', ById, Task),
  update: rpc('update', ById.extend({ patch: TaskPatch, ...Actor }), Task),
  delete: rpc('delete', ById.extend(Actor), z.object({ deleted: TaskId })),
  graph: rpc('graph', z.object({ projectId: Id }), TaskGraph),
  history: rpc('history', ById, z.object({ items: z.array(TaskChange) })),
  /** An agent takes a ready task: `in_progress`, assigned to it. */
  claim: rpc('claim', TaskClaim, Task),
  /** The task is done; the reply names the tasks this made ready. */
  complete: rpc('complete', TaskComplete, TaskCompleteReply),
  import: rpc('import', z.object({ projectId: Id, jsonl: Jsonl, ...Actor }), TaskImportReply, 30_000),
  autopilot: rpc('autopilot.get', z.object({ projectId: Id }), AutopilotStatus),
  autopilotSet: rpc('autopilot.set', z.object({ projectId: Id, config: AutopilotConfig, ...Actor }), AutopilotStatus),
  autopilotPause: rpc('autopilot.pause', AutopilotPause.extend({ projectId: Id, ...Actor }), AutopilotStatus),
  beadsSync: rpc('beads-sync.set', z.object({ projectId: Id, config: BeadsSyncConfig, ...Actor }), BeadsSyncStatus, 30_000),
  velocity: rpc('velocity', VelocityQuery, Velocity, 15_000),
  export: rpc('export', z.object({ projectId: Id }), z.object({ jsonl: z.string() }), 30_000),
} as const;
