// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import TaskForm from './TaskForm.vue';
import { task } from './fixtures.ts';

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const others = [task({ id: 'tsk_a', title: 'Schema' }), task({ id: 'tsk_b', title: 'API', dependencies: [{ type: 'blocks', dependsOn: 'tsk_a' }] })];

describe('TaskForm', () => {
  const sent: { url: string; method?: string; body?: unknown }[] = [];
  let reply: () => Response;
  beforeEach(() => {
    sent.length = 0;
    vi.stubGlobal('fetch', async (url: string, init?: RequestInit) => {
      sent.push({ url, method: init?.method, body: init?.body ? JSON.parse(String(init.body)) : undefined });
      return reply();
    });
  });
  afterEach(() => vi.unstubAllGlobals());

  it('creates a task: POST /api/v1/tasks with the project, fields, labels and dependencies, then emits it', async () => {
    const created = task({ id: 'tsk_new', title: 'UI' });
    reply = () => json(created, 201);
    const w = mount(TaskForm, { props: { projectId: 'proj-a', tasks: others } });
    await w.get('[data-testid=task-form-title]').setValue('  UI  ');
    await w.get('[data-testid=task-form-description]').setValue('The board');
    await w.get('[data-testid=task-form-priority]').setValue('1');
    await w.get('[data-testid=task-form-type]').setValue('feature');
    await w.get('[data-testid=task-form-labels]').setValue('web, ui ,');
    await w.get('[data-testid=task-form-add-dep]').trigger('click');
    await w.get('[data-testid=task-form-dep-task]').setValue('tsk_b');
    await w.get('[data-testid=task-form]').trigger('submit');
    await flushPromises();
    expect(sent).toEqual([
      {
        url: '/api/v1/tasks',
        method: 'POST',
        body: {
          projectId: 'proj-a',
          title: 'UI',
          description: 'The board',
          priority: 1,
          type: 'feature',
          labels: ['web', 'ui'],
          dependencies: [{ type: 'blocks', dependsOn: 'tsk_b' }],
        },
      },
    ]);
    expect(w.emitted('saved')?.[0]?.[0]).toEqual(created);
  });

  it('shows a refused dependency cycle with the cycle named, and emits nothing', async () => {
    const error = { code: 'CONFLICT', message: 'dependency cycle: tsk_a → tsk_b → tsk_a', requestId: 'req_7', details: { cycle: ['tsk_a', 'tsk_b', 'tsk_a'] } };
    reply = () => json({ error }, 409);
    const w = mount(TaskForm, { props: { projectId: 'proj-a', tasks: others, task: others[0] } });
    await w.get('[data-testid=task-form-add-dep]').trigger('click');
    await w.get('[data-testid=task-form]').trigger('submit');
    await flushPromises();
    expect(sent[0]).toMatchObject({ url: '/api/v1/tasks/tsk_a', method: 'PATCH', body: { dependencies: [{ type: 'blocks', dependsOn: 'tsk_b' }] } });
    const shown = w.get('[data-testid=error]').text();
    expect(shown).toContain('dependency cycle: tsk_a → tsk_b → tsk_a');
    expect(shown).toContain('req_7');
    expect(w.emitted('saved')).toBeUndefined();
  });
});
