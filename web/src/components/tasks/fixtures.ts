import type { Task } from '@flywheel/contracts';

/** A task as the gateway returns it, for component tests. */
export function task(over: Partial<Task> & { id: string }): Task {
  return {
    projectId: 'proj-a',
    title: `Task ${over.id}`,
    description: '',
    status: 'open',
    priority: 2,
    type: 'task',
    labels: [],
    dependencies: [],
    createdAt: '2026-12-07T10:00:00.000Z',
    updatedAt: '2026-12-07T10:00:00.000Z',
    blockedBy: [],
    ...over,
  };
}
