import {
  AppError,
  limitedTo,
  newId,
  type Task,
  type TaskChange,
  type TaskCreate,
  type TaskDependency,
  type TaskGraph,
  type TaskImportReply,
  type TaskPatch,
  type TaskView,
} from '@flywheel/contracts';
import { assertSees, type Caller } from '../domain/access.ts';
import {
  blockersOf,
  byPriority,
  canMove,
  cycleText,
  dependencyProblems,
  diff,
  findCycle,
  isBlocked,
  isClosed,
  isReady,
  newlyReady,
} from '../domain/task-graph.ts';
import { BeadsParseError, beadsFileOf, fingerprint, parseBeads } from '../domain/beads.ts';
import type { StoredTask } from '../db/tasks-repo.ts';
import { inTransaction, iso, type CoordCore } from './core.ts';

const FIELDS = ['title', 'description', 'status', 'priority', 'type', 'labels', 'assignee', 'estimate', 'acceptance', 'dependencies'] as const;

/** Who acted, for the history: the key the gateway named, else the agent credential, else coordination itself. */
const actorOf = (caller: Caller, actor?: string): string => actor ?? (caller.agentId ? `agent/${caller.agentId}` : 'coordination');

/** What leaves the service: no import bookkeeping, with what blocks it. */
function view(t: StoredTask, byId: ReadonlyMap<string, Pick<Task, 'status'>>): Task {
  const { beads: _b, ...task } = t;
  const blockedBy = blockersOf(t, byId);
  return blockedBy.length && !isClosed(t.status) ? { ...task, blockedBy } : task;
}

function stored(core: CoordCore, id: string, caller: Caller): StoredTask {
  const t = core.repos.tasks.get(id);
  if (!t) throw new AppError('NOT_FOUND', `no task ${id}`);
  assertSees(caller, t.accountId, `task ${id}`);
  return t;
}

/** The account a project's tasks belong to: the one already there, else the caller's; another account's project is FORBIDDEN. */
function projectAccount(core: CoordCore, projectId: string, caller: Caller): string | undefined {
  const owner = core.repos.tasks.owner(projectId);
  if (owner) {
    assertSees(caller, owner.accountId, `project ${projectId}`);
    return owner.accountId;
  }
  return caller.accountId;
}

/** Dependencies must name other tasks of the same project, once each, and may not close a cycle. */
function checkDependencies(id: string, deps: readonly TaskDependency[], project: readonly StoredTask[], field = 'dependencies'): void {
  const problem = dependencyProblems(id, deps);
  if (problem) throw new AppError('BAD_REQUEST', `invalid ${field}: ${problem}`, { field });
  const ids = new Set(project.map((t) => t.id));
  const unknown = deps.find((d) => !ids.has(d.dependsOn));
  if (unknown) throw new AppError('BAD_REQUEST', `invalid ${field}: no task ${unknown.dependsOn} in this project`, { field, dependsOn: unknown.dependsOn });
}

function refuseCycle(graph: readonly Pick<Task, 'id' | 'dependencies'>[], start?: string): void {
  const cycle = findCycle(graph, start);
  if (cycle) throw new AppError('CONFLICT', `dependency cycle: ${cycleText(cycle)}`, { cycle });
}

function record(core: CoordCore, t: Task, action: TaskChange['action'], actor: string, changes: TaskChange['changes'], agentId?: string): void {
  core.repos.tasks.record({
    taskId: t.id,
    projectId: t.projectId,
    accountId: t.accountId,
    action,
    actor,
    changes,
    at: t.updatedAt,
    ...(agentId ? { agentId } : {}),
  });
}

const statusMap = (ts: readonly StoredTask[]) => new Map(ts.map((t) => [t.id, t]));

export function createTask(core: CoordCore, req: TaskCreate & { actor?: string }, caller: Caller): Task {
  const actor = actorOf(caller, req.actor);
  const task = inTransaction(core, () => {
    const accountId = projectAccount(core, req.projectId, caller);
    const project = core.repos.tasks.project(req.projectId);
    const id = newId('tsk', 10);
    checkDependencies(id, req.dependencies, project);
    const now = iso(core.now());
    const t: StoredTask = {
      id,
      projectId: req.projectId,
      title: req.title,
      description: req.description,
      status: 'open',
      priority: req.priority,
      type: req.type,
      labels: req.labels,
      dependencies: req.dependencies,
      createdAt: now,
      updatedAt: now,
      createdBy: actor,
      ...(req.assignee ? { assignee: req.assignee } : {}),
      ...(req.estimate !== undefined ? { estimate: req.estimate } : {}),
      ...(req.acceptance ? { acceptance: req.acceptance } : {}),
      ...(accountId ? { accountId } : {}),
    };
    refuseCycle([...project, t], t.id);
    core.repos.tasks.insert(t);
    record(core, t, 'created', actor, diff({}, t, FIELDS), caller.agentId);
    return view(t, statusMap(project));
  });
  core.events.task('created', task, { actor });
  core.hooks?.taskChanged?.(task.projectId);
  return task;
}

interface Change {
  task: Task;
  action: TaskChange['action'];
  unblocked: Task[];
}

/** Applies a change inside the caller's transaction: transitions checked, timestamps kept, history written. */
function apply(core: CoordCore, before: StoredTask, patch: TaskPatch, actor: string, agentId: string | undefined, action?: TaskChange['action']): Change {
  const project = core.repos.tasks.project(before.projectId);
  const to = patch.status ?? before.status;
  if (!canMove(before.status, to)) throw new AppError('CONFLICT', `task ${before.id} cannot move from ${before.status} to ${to}`, { from: before.status, to });
  if (patch.dependencies) {
    checkDependencies(
      before.id,
      patch.dependencies,
      project.filter((t) => t.id !== before.id),
    );
    refuseCycle(
      project.map((t) => (t.id === before.id ? { ...t, dependencies: patch.dependencies! } : t)),
      before.id,
    );
  }
  const now = iso(core.now());
  const after: StoredTask = { ...before, updatedAt: now };
  for (const f of FIELDS) {
    if (!(f in patch) || patch[f] === undefined) continue;
    const v = patch[f];
    if (v === null) delete (after as Record<string, unknown>)[f];
    else (after as Record<string, unknown>)[f] = v;
  }
  if (to !== before.status) {
    if (to === 'in_progress' && !after.claimedAt) after.claimedAt = now;
    if (isClosed(to)) after.closedAt = now;
    else delete after.closedAt;
  }
  const changes = diff(before, after, [...FIELDS, 'claimedAt', 'closedAt']);
  const kind: TaskChange['action'] =
    action ?? (isClosed(before.status) && !isClosed(to) ? 'reopened' : to === 'done' && before.status !== 'done' ? 'completed' : 'updated');
  if (!Object.keys(changes).length && !action) return { task: view(before, statusMap(project)), action: kind, unblocked: [] };
  core.repos.tasks.save(after);
  record(core, after, kind, actor, changes, agentId);
  const now2 = project.map((t) => (t.id === after.id ? after : t));
  const byId = statusMap(now2);
  const unblocked = isClosed(to) && !isClosed(before.status) ? newlyReady(after.id, now2).map((id) => view(byId.get(id)!, byId)) : [];
  return { task: view(after, byId), action: kind, unblocked };
}

function announce(core: CoordCore, c: Change, actor: string): void {
  core.events.task(c.action, c.task, { actor, ...(c.unblocked.length ? { unblocked: c.unblocked.map((t) => t.id) } : {}) });
  if (c.action === 'completed' || c.task.status === 'done') core.hooks?.taskDone(c.task);
  core.hooks?.taskChanged?.(c.task.projectId);
}

export function updateTask(core: CoordCore, req: { id: string; patch: TaskPatch; actor?: string }, caller: Caller): Task {
  const actor = actorOf(caller, req.actor);
  const c = inTransaction(core, () => apply(core, stored(core, req.id, caller), req.patch, actor, caller.agentId));
  announce(core, c, actor);
  return c.task;
}

/** An agent takes a ready task; taking one it already holds is a no-op. */
export function claimTask(core: CoordCore, req: { id: string; agentId?: string; actor?: string }, caller: Caller): Task {
  const actor = actorOf(caller, req.actor);
  const agentId = caller.agentId ?? req.agentId;
  if (caller.agentId && req.agentId && req.agentId !== caller.agentId) throw new AppError('FORBIDDEN', `this credential acts as agent ${caller.agentId} only`);
  if (!agentId) throw new AppError('BAD_REQUEST', 'invalid agentId: required (who takes the task)', { field: 'agentId' });
  const c = inTransaction(core, () => {
    const t = stored(core, req.id, caller);
    if (t.status === 'in_progress' && t.assignee === agentId)
      return { task: view(t, statusMap(core.repos.tasks.project(t.projectId))), action: 'claimed' as const, unblocked: [] };
    const byId = statusMap(core.repos.tasks.project(t.projectId));
    if (!isReady(t, byId)) {
      const blockedBy = blockersOf(t, byId);
      throw new AppError('CONFLICT', blockedBy.length ? `task ${t.id} is blocked by ${blockedBy.join(', ')}` : `task ${t.id} is ${t.status}, not ready`, {
        status: t.status,
        blockedBy,
      });
    }
    return apply(core, t, { status: 'in_progress', assignee: agentId }, actor, agentId, 'claimed');
  });
  announce(core, c, actor);
  return c.task;
}

/** The task is done (by its assignee, when an agent completes it); the reply names the tasks this made ready. */
export function completeTask(
  core: CoordCore,
  req: { id: string; agentId?: string; note?: string; actor?: string },
  caller: Caller,
): { task: Task; unblocked: Task[] } {
  const actor = actorOf(caller, req.actor);
  const agentId = caller.agentId ?? req.agentId;
  const c = inTransaction(core, () => {
    const t = stored(core, req.id, caller);
    if (caller.agentId && t.assignee && t.assignee !== caller.agentId)
      throw new AppError('FORBIDDEN', `task ${t.id} is assigned to ${t.assignee}, not agent ${caller.agentId}`);
    if (t.status === 'done') return { task: view(t, new Map()), action: 'completed' as const, unblocked: [] };
    const byId = statusMap(core.repos.tasks.project(t.projectId));
    const blockedBy = blockersOf(t, byId);
    if (blockedBy.length) throw new AppError('CONFLICT', `task ${t.id} is blocked by ${blockedBy.join(', ')}`, { blockedBy });
    if (t.status === 'blocked' || t.status === 'cancelled') throw new AppError('CONFLICT', `task ${t.id} is ${t.status}`, { status: t.status });
    const c = apply(core, t, { status: 'done' }, actor, agentId, 'completed');
    if (req.note)
      core.repos.tasks.record({
        taskId: t.id,
        projectId: t.projectId,
        accountId: t.accountId,
        action: 'updated',
        actor,
        changes: { note: { to: req.note } },
        at: c.task.updatedAt,
        ...(agentId ? { agentId } : {}),
      });
    return c;
  });
  announce(core, c, actor);
  return { task: c.task, unblocked: c.unblocked };
}

/** Deletes a task and the dependencies of other tasks on it (each such change is in their history). */
export function deleteTask(core: CoordCore, req: { id: string; actor?: string }, caller: Caller): { deleted: string } {
  const actor = actorOf(caller, req.actor);
  const { task, touched } = inTransaction(core, () => {
    const t = stored(core, req.id, caller);
    const touched: Change[] = [];
    for (const other of core.repos.tasks.project(t.projectId)) {
      if (other.id === t.id || !other.dependencies.some((d) => d.dependsOn === t.id)) continue;
      touched.push(apply(core, other, { dependencies: other.dependencies.filter((d) => d.dependsOn !== t.id) }, actor, caller.agentId));
    }
    core.repos.tasks.delete(t.id);
    const at = iso(core.now());
    core.repos.tasks.record({
      taskId: t.id,
      projectId: t.projectId,
      accountId: t.accountId,
      action: 'deleted',
      actor,
      changes: {},
      at,
      ...(caller.agentId ? { agentId: caller.agentId } : {}),
    });
    return { task: view({ ...t, updatedAt: at }, new Map()), touched };
  });
  for (const c of touched) announce(core, c, actor);
  core.events.task('deleted', task, { actor });
  core.hooks?.taskChanged?.(task.projectId);
  return { deleted: task.id };
}

/** A project's tasks that the caller may see. */
function visible(core: CoordCore, projectId: string, caller: Caller): StoredTask[] {
  const only = limitedTo(caller);
  const all = core.repos.tasks.project(projectId);
  return only === undefined ? all : all.filter((t) => (t.accountId ?? '') === only);
}

export function listTasks(core: CoordCore, q: { projectId: string; view: TaskView; limit: number }, caller: Caller): { items: Task[] } {
  const all = visible(core, q.projectId, caller);
  const byId = statusMap(all);
  const pick =
    q.view === 'ready'
      ? all.filter((t) => isReady(t, byId))
      : q.view === 'blocked'
        ? all.filter((t) => isBlocked(t, byId))
        : q.view === 'in_progress'
          ? all.filter((t) => t.status === 'in_progress')
          : all;
  const ordered = q.view === 'all' ? pick : [...pick].sort(byPriority);
  return { items: ordered.slice(0, q.limit).map((t) => view(t, byId)) };
}

export function getTask(core: CoordCore, id: string, caller: Caller): Task {
  const t = stored(core, id, caller);
  return view(t, statusMap(core.repos.tasks.project(t.projectId)));
}

export function taskGraph(core: CoordCore, projectId: string, caller: Caller): TaskGraph {
  const all = visible(core, projectId, caller);
  const byId = statusMap(all);
  return {
    projectId,
    nodes: all.map((t) => view(t, byId)),
    edges: all.flatMap((t) => t.dependencies.map((d) => ({ from: t.id, to: d.dependsOn, type: d.type }))),
  };
}

export function taskHistory(core: CoordCore, id: string, caller: Caller): { items: TaskChange[] } {
  const t = core.repos.tasks.get(id);
  const items = core.repos.tasks.history(id);
  if (!t && !items.length) throw new AppError('NOT_FOUND', `no task ${id}`);
  if (t) assertSees(caller, t.accountId, `task ${id}`);
  else {
    const owner = core.repos.tasks.projectHistory(items[0].projectId).find((c) => c.taskId === id);
    assertSees(caller, owner?.accountId, `task ${id}`);
  }
  return { items };
}

/**
 * Imports a beads JSONL file into a project, all or nothing: new ids are created, known ones of this project updated
 * to the file's fields (the file's timestamps kept), a line naming another project's task is a CONFLICT.
 */
export function importBeads(core: CoordCore, req: { projectId: string; jsonl: string; actor?: string }, caller: Caller): TaskImportReply {
  const actor = actorOf(caller, req.actor);
  let lines;
  try {
    lines = parseBeads(req.jsonl);
  } catch (err) {
    if (err instanceof BeadsParseError) throw new AppError('BAD_REQUEST', `invalid jsonl: ${err.message}`, { field: 'jsonl', line: err.lineNo });
    throw err;
  }
  const reply: TaskImportReply = { created: [], updated: [], unchanged: [] };
  const events: { type: 'imported'; task: Task }[] = [];
  inTransaction(core, () => {
    const accountId = projectAccount(core, req.projectId, caller);
    const project = core.repos.tasks.project(req.projectId);
    const next = new Map(project.map((t) => [t.id, t]));
    const incoming: StoredTask[] = [];
    for (const { line, lineNo, fields } of lines) {
      const existing = core.repos.tasks.get(fields.id);
      if (existing && existing.projectId !== req.projectId)
        throw new AppError('CONFLICT', `line ${lineNo}: task ${fields.id} belongs to project ${existing.projectId}`, { line: lineNo, id: fields.id });
      const t: StoredTask = {
        ...(existing ?? {}),
        ...fields,
        projectId: req.projectId,
        ...(accountId ? { accountId } : {}),
        createdBy: existing?.createdBy ?? actor,
        beads: { line, fingerprint: fingerprint(fields) },
      };
      for (const f of ['assignee', 'estimate', 'acceptance', 'closedAt'] as const) if (fields[f] === undefined) delete t[f];
      if (t.status === 'in_progress' && !t.claimedAt) t.claimedAt = t.updatedAt;
      next.set(t.id, t);
      incoming.push(t);
    }
    const all = [...next.values()];
    for (const t of incoming) {
      const dup = dependencyProblems(t.id, t.dependencies);
      if (dup) throw new AppError('BAD_REQUEST', `invalid jsonl: ${dup}`, { field: 'jsonl', id: t.id });
      const unknown = t.dependencies.find((d) => !next.has(d.dependsOn));
      if (unknown)
        throw new AppError('BAD_REQUEST', `invalid jsonl: task ${t.id} depends on ${unknown.dependsOn}, which is neither in the file nor in the project`, {
          field: 'jsonl',
          id: t.id,
        });
    }
    refuseCycle(all);
    for (const t of incoming) {
      const before = project.find((p) => p.id === t.id);
      if (!before) {
        core.repos.tasks.insert(t);
        core.repos.tasks.record({
          taskId: t.id,
          projectId: t.projectId,
          accountId: t.accountId,
          action: 'imported',
          actor,
          changes: diff({}, t, FIELDS),
          at: iso(core.now()),
        });
        reply.created.push(t.id);
      } else {
        const changes = diff(before, t, [...FIELDS, 'closedAt', 'createdAt']);
        core.repos.tasks.save(t);
        if (!Object.keys(changes).length) {
          reply.unchanged.push(t.id);
          continue;
        }
        core.repos.tasks.record({ taskId: t.id, projectId: t.projectId, accountId: t.accountId, action: 'imported', actor, changes, at: iso(core.now()) });
        reply.updated.push(t.id);
      }
      events.push({ type: 'imported', task: view(t, next) });
    }
  });
  for (const e of events) core.events.task(e.type, e.task, { actor });
  if (events.length) core.hooks?.taskChanged?.(req.projectId);
  return reply;
}

/** A project's tasks as a beads file: imported lines come back byte for byte while their tasks are unchanged. */
export function exportBeads(core: CoordCore, projectId: string, caller: Caller): { jsonl: string } {
  return { jsonl: beadsFileOf(visible(core, projectId, caller)) };
}
