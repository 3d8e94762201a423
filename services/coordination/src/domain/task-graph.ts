import type { DependencyType, Task, TaskDependency, TaskStatus } from '@flywheel/contracts';

/** Statuses a task may move to from each status; staying put is always allowed. `done → open` is a reopening (rework). */
export const TRANSITIONS: Record<TaskStatus, readonly TaskStatus[]> = {
  open: ['in_progress', 'blocked', 'done', 'cancelled'],
  in_progress: ['open', 'blocked', 'done', 'cancelled'],
  blocked: ['open', 'in_progress', 'cancelled'],
  done: ['open'],
  cancelled: ['open'],
};

export const canMove = (from: TaskStatus, to: TaskStatus): boolean => from === to || TRANSITIONS[from].includes(to);

/** A task no longer holds back what depends on it. */
export const isClosed = (s: TaskStatus): boolean => s === 'done' || s === 'cancelled';

/** Dependency kinds that order work: they may not form a cycle. */
export const ORDERING: readonly DependencyType[] = ['blocks', 'parent-child'];

type Node = Pick<Task, 'id' | 'status' | 'dependencies'>;

/** The open `blocks` dependencies of a task (ids of tasks not done or cancelled); unknown ids count as open. */
export function blockersOf(task: Node, byId: ReadonlyMap<string, Pick<Task, 'status'>>): string[] {
  return task.dependencies
    .filter((d) => d.type === 'blocks')
    .map((d) => d.dependsOn)
    .filter((id) => {
      const t = byId.get(id);
      return !t || !isClosed(t.status);
    });
}

/** Ready: open with nothing open blocking it. */
export const isReady = (task: Node, byId: ReadonlyMap<string, Pick<Task, 'status'>>): boolean => task.status === 'open' && blockersOf(task, byId).length === 0;

/** Blocked: marked blocked, or open with an open blocker. */
export const isBlocked = (task: Node, byId: ReadonlyMap<string, Pick<Task, 'status'>>): boolean =>
  task.status === 'blocked' || (task.status === 'open' && blockersOf(task, byId).length > 0);

/** Ready work first: priority (0 first), then oldest. */
export const byPriority = (a: Pick<Task, 'priority' | 'createdAt' | 'id'>, b: Pick<Task, 'priority' | 'createdAt' | 'id'>): number =>
  a.priority - b.priority || a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id);

/**
 * A cycle through ordering dependencies (`blocks`, `parent-child`) in the graph of `tasks`, as the ids along it with
 * the first repeated at the end (`[a, b, c, a]`: a depends on b, b on c, c on a), starting at `start` when it is on the
 * cycle; null when there is none.
 */
export function findCycle(tasks: readonly Pick<Task, 'id' | 'dependencies'>[], start?: string): string[] | null {
  const cycle = anyCycle(tasks);
  if (!cycle || !start) return cycle;
  const at = cycle.indexOf(start);
  if (at <= 0) return cycle;
  const ring = cycle.slice(0, -1);
  const rotated = [...ring.slice(at), ...ring.slice(0, at)];
  return [...rotated, start];
}

function anyCycle(tasks: readonly Pick<Task, 'id' | 'dependencies'>[]): string[] | null {
  const edges = new Map<string, string[]>();
  for (const t of tasks)
    edges.set(
      t.id,
      t.dependencies.filter((d) => ORDERING.includes(d.type)).map((d) => d.dependsOn),
    );
  const state = new Map<string, 1 | 2>();
  const path: string[] = [];
  const visit = (id: string): string[] | null => {
    state.set(id, 1);
    path.push(id);
    for (const next of edges.get(id) ?? []) {
      const s = state.get(next);
      if (s === 1) return [...path.slice(path.indexOf(next)), next];
      if (s === undefined && edges.has(next)) {
        const found = visit(next);
        if (found) return found;
      }
    }
    path.pop();
    state.set(id, 2);
    return null;
  };
  for (const id of [...edges.keys()].sort()) {
    if (state.has(id)) continue;
    const found = visit(id);
    if (found) return found;
  }
  return null;
}

/** The cycle as people read it: `a → b → c → a`. */
export const cycleText = (cycle: readonly string[]): string => cycle.join(' → ');

/** Problems of a dependency list on its own: self references and duplicates. */
export function dependencyProblems(id: string, deps: readonly TaskDependency[]): string | undefined {
  if (deps.some((d) => d.dependsOn === id)) return `task ${id} cannot depend on itself`;
  const keys = deps.map((d) => `${d.type}:${d.dependsOn}`);
  const dup = keys.find((k, i) => keys.indexOf(k) !== i);
  return dup ? `duplicate dependency ${dup}` : undefined;
}

/** Tasks that `done` made ready: open, were blocked by it, and have no other open blocker now. */
export function newlyReady(doneId: string, tasks: readonly Node[]): string[] {
  const byId = new Map(tasks.map((t) => [t.id, t]));
  return tasks.filter((t) => t.dependencies.some((d) => d.type === 'blocks' && d.dependsOn === doneId) && isReady(t, byId)).map((t) => t.id);
}

/** Field-by-field difference of two task states, for the history. */
export function diff(before: Partial<Task>, after: Partial<Task>, fields: readonly (keyof Task)[]): Record<string, { from?: unknown; to?: unknown }> {
  const out: Record<string, { from?: unknown; to?: unknown }> = {};
  for (const f of fields) {
    if (JSON.stringify(before[f]) !== JSON.stringify(after[f])) out[f] = { from: before[f], to: after[f] };
  }
  return out;
}
