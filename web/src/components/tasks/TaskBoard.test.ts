// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { mount } from '@vue/test-utils';
import TaskBoard from './TaskBoard.vue';
import type { Task } from '@flywheel/contracts';
import { task } from './fixtures.ts';

const tasks = [
  task({ id: 'tsk_a', title: 'Schema', status: 'done', closedAt: '2026-12-07T11:00:00.000Z' }),
  task({ id: 'tsk_b', title: 'API', priority: 3 }),
  task({ id: 'tsk_c', title: 'Urgent fix', priority: 0, type: 'bug' }),
  task({ id: 'tsk_d', title: 'UI', dependencies: [{ type: 'blocks', dependsOn: 'tsk_b' }], blockedBy: ['tsk_b'] }),
  task({ id: 'tsk_e', title: 'Docs', status: 'in_progress', assignee: 'agt_1' }),
  task({ id: 'tsk_f', title: 'Held', status: 'blocked' }),
  task({ id: 'tsk_g', title: 'Dropped', status: 'cancelled' }),
];
const titles = (w: ReturnType<typeof mount>, col: string) =>
  w
    .get(`[data-testid=column-${col}]`)
    .findAll('[data-testid=task-title]')
    .map((t) => t.text());

describe('TaskBoard', () => {
  it('puts each task in its column: ready (open, nothing blocking) most urgent first, blocked, in progress, done; cancelled nowhere', () => {
    const w = mount(TaskBoard, { props: { tasks, canEdit: true } });
    expect(titles(w, 'ready')).toEqual(['Urgent fix', 'API']);
    expect(titles(w, 'blocked')).toEqual(['UI', 'Held']);
    expect(titles(w, 'in_progress')).toEqual(['Docs']);
    expect(titles(w, 'done')).toEqual(['Schema']);
    expect(w.text()).not.toContain('Dropped');
    expect(w.get('[data-task=tsk_d] [data-testid=task-blocked-by]').text()).toContain('tsk_b');
  });

  it('raises and lowers a priority with buttons (none past 0 or 4), edits and marks done', async () => {
    const w = mount(TaskBoard, { props: { tasks, canEdit: true } });
    await w.get('[data-task=tsk_b] [data-testid=task-raise]').trigger('click');
    await w.get('[data-task=tsk_b] [data-testid=task-lower]').trigger('click');
    expect(w.get('[data-task=tsk_c] [data-testid=task-raise]').attributes('disabled')).toBeDefined();
    await w.get('[data-task=tsk_b] [data-testid=task-done]').trigger('click');
    await w.get('[data-task=tsk_b] [data-testid=task-edit]').trigger('click');
    expect(w.emitted<[Task, number]>('priority')?.map(([t, p]) => [t.id, p])).toEqual([
      ['tsk_b', 2],
      ['tsk_b', 4],
    ]);
    expect(w.emitted<[Task]>('done')?.[0]?.[0].id).toBe('tsk_b');
    expect(w.emitted<[Task]>('edit')?.[0]?.[0].id).toBe('tsk_b');
    expect(w.find('[data-task=tsk_a] [data-testid=task-done]').exists()).toBe(false);
  });

  it('shows a viewer no edit controls', () => {
    const w = mount(TaskBoard, { props: { tasks, canEdit: false } });
    expect(w.findAll('[data-testid=task-card]').length).toBe(6);
    for (const id of ['task-raise', 'task-lower', 'task-edit', 'task-done']) expect(w.find(`[data-testid=${id}]`).exists()).toBe(false);
  });
});
