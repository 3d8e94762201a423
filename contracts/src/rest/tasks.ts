import { z } from 'zod';
import { Id } from '../ids.ts';
import { BeadsSyncConfig, BeadsSyncStatus, AutopilotConfig, AutopilotStatus, Task, TaskChange, TaskCreate, TaskGraph, TaskId, TaskImportReply, TaskPatch, TaskView } from '../coordination-tasks.ts';
import { Jsonl, TaskCompleteReply } from '../tasks-rpcs.ts';
import { routesOf } from './route.ts';

const route = routesOf('tasks');
const P = '/api/v1/tasks';
const ById = z.object({ id: TaskId });
const ByProject = z.object({ projectId: Id });

/** /api/v1/tasks: the work graph of a project, beads-compatible (docs/tasks.md). Fixed paths come before `/:id`. */
export const taskRoutes = {
  create: route({
    method: 'POST', path: P, summary: 'Create a task (a dependency cycle is refused, naming it)', access: 'operator',
    body: TaskCreate, reply: Task, status: 201, errors: ['CONFLICT', 'FORBIDDEN'],
  }),
  list: route({
    method: 'GET', path: P, summary: 'Tasks of a project: ready (open, nothing open blocking), blocked (with blockedBy), in_progress or all',
    access: 'viewer', query: ByProject.extend({ view: TaskView.default('all') }), reply: z.object({ items: z.array(Task) }),
  }),
  graph: route({ method: 'GET', path: `${P}/graph`, summary: "A project's tasks and dependencies as nodes and edges", access: 'viewer', query: ByProject, reply: TaskGraph }),
  import: route({
    method: 'POST', path: `${P}/import`, summary: 'Import a beads JSONL file (.beads/issues.jsonl) into a project; all or nothing', access: 'operator',
    body: ByProject.extend({ jsonl: Jsonl }), reply: TaskImportReply, errors: ['CONFLICT', 'FORBIDDEN'],
  }),
  export: route({
    method: 'GET', path: `${P}/export`, summary: "A project's tasks as beads JSONL (imported lines come back as they were)", access: 'viewer',
    query: ByProject, reply: z.string(), produces: 'text/plain',
  }),
  autopilot: route({ method: 'GET', path: `${P}/autopilot/:projectId`, summary: "A project's autopilot: settings, pause reason and runs", access: 'viewer', params: ByProject, reply: AutopilotStatus, errors: ['NOT_FOUND'] }),
  setAutopilot: route({
    method: 'PUT', path: `${P}/autopilot/:projectId`, summary: 'Turn the autopilot on or off and set its concurrency, drivers, isolation and budget (on again clears a pause)',
    access: 'operator', params: ByProject, body: AutopilotConfig, reply: AutopilotStatus, errors: ['FORBIDDEN'],
  }),
  beadsSync: route({
    method: 'PUT', path: `${P}/beads-sync/:projectId`, summary: "Keep a repository's .beads/issues.jsonl in sync with the project's tasks, both ways (or stop)",
    access: 'operator', params: ByProject, body: BeadsSyncConfig, reply: BeadsSyncStatus, errors: ['FORBIDDEN'],
  }),
  get: route({ method: 'GET', path: `${P}/:id`, summary: 'One task, with what blocks it', access: 'viewer', params: ById, reply: Task, errors: ['NOT_FOUND'] }),
  update: route({
    method: 'PATCH', path: `${P}/:id`, summary: 'Change a task (status transitions are checked; a cycle is refused)', access: 'operator',
    params: ById, body: TaskPatch, reply: Task, errors: ['NOT_FOUND', 'CONFLICT'],
  }),
  delete: route({ method: 'DELETE', path: `${P}/:id`, summary: 'Delete a task and the dependencies on it', access: 'operator', params: ById, reply: z.object({ deleted: TaskId }), errors: ['NOT_FOUND'] }),
  history: route({ method: 'GET', path: `${P}/:id/history`, summary: 'Every change of a task and who made it', access: 'viewer', params: ById, reply: z.object({ items: z.array(TaskChange) }), errors: ['NOT_FOUND'] }),
  claim: route({
    method: 'POST', path: `${P}/:id/claim`, summary: 'An agent takes a ready task (in_progress, assigned to it)', access: 'operator', agents: true,
    params: ById, body: z.object({ agentId: Id.optional() }), reply: Task, errors: ['NOT_FOUND', 'CONFLICT'],
  }),
  complete: route({
    method: 'POST', path: `${P}/:id/complete`, summary: 'Mark a task done; the reply names the tasks it made ready', access: 'operator', agents: true,
    params: ById, body: z.object({ agentId: Id.optional(), note: z.string().max(5000).optional() }), reply: TaskCompleteReply, errors: ['NOT_FOUND', 'CONFLICT'],
  }),
} as const;
