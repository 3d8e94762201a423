import type { Task } from '@flywheel/contracts';

/** The board's columns, left to right: what can start, what waits, what runs, what is finished. */
export const COLUMNS = [
  { key: 'ready', label: 'Ready' },
  { key: 'blocked', label: 'Blocked' },
  { key: 'in_progress', label: 'In progress' },
  { key: 'done', label: 'Done' },
] as const;
export type ColumnKey = (typeof COLUMNS)[number]['key'];

/** Which column a task shows in: an open task with an open blocker is blocked; cancelled tasks are not on the board. */
export function columnOf(t: Task): ColumnKey | undefined {
  if (t.status === 'done') return 'done';
  if (t.status === 'in_progress') return 'in_progress';
  if (t.status === 'blocked' || (t.status === 'open' && (t.blockedBy?.length ?? 0) > 0)) return 'blocked';
  if (t.status === 'open') return 'ready';
  return undefined;
}

/** Tasks by column, most urgent first (priority 0 first), then oldest first. */
export function boardOf(tasks: readonly Task[]): Record<ColumnKey, Task[]> {
  const out: Record<ColumnKey, Task[]> = { ready: [], blocked: [], in_progress: [], done: [] };
  for (const t of tasks) {
    const c = columnOf(t);
    if (c) out[c].push(t);
  }
  for (const c of Object.values(out)) c.sort((a, b) => a.priority - b.priority || a.createdAt.localeCompare(b.createdAt));
  return out;
}
