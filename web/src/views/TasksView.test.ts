// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { makeRouter } from '../router.ts';
import { useSessionStore } from '../stores/session.ts';
import { useLiveStore } from '../stores/live.ts';
import TasksView from './TasksView.vue';
import { task } from '../components/tasks/fixtures.ts';

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const a = task({ id: 'tsk_a', title: 'Schema' });
const b = task({ id: 'tsk_b', title: 'API', dependencies: [{ type: 'blocks', dependsOn: 'tsk_a' }], blockedBy: ['tsk_a'] });

describe('TasksView', () => {
  const urls: string[] = [];
  let items = [a, b];
  beforeEach(() => {
    setActivePinia(createPinia());
    urls.length = 0;
    items = [a, b];
    vi.stubGlobal('fetch', async (url: string) => {
      urls.push(url);
      if (url.startsWith('/api/v1/tasks/autopilot/')) return json({ error: { code: 'NOT_FOUND', message: 'no autopilot', requestId: 'r' } }, 404);
      if (url.startsWith('/api/v1/tasks/graph')) return json({ projectId: 'proj-a', nodes: items, edges: [{ from: 'tsk_b', to: 'tsk_a', type: 'blocks' }] });
      if (url.startsWith('/api/v1/tasks?')) return json({ items });
      return json({ error: { code: 'NOT_FOUND', message: url, requestId: 'r' } }, 404);
    });
  });
  afterEach(() => vi.unstubAllGlobals());

  async function mountAs(role: 'viewer' | 'operator') {
    useSessionStore().me = { principal: { accountId: 'acct-a', role, keyId: 'key_1' } } as never;
    const router = makeRouter(true);
    await router.push('/tasks?project=proj-a');
    const w = mount(TasksView, { global: { plugins: [router] } });
    await flushPromises();
    return w;
  }

  it("reads the project's tasks and shows them by column; an autopilot never set up shows as such", async () => {
    const w = await mountAs('operator');
    expect(urls).toContain('/api/v1/tasks?projectId=proj-a&view=all');
    expect(w.get('[data-testid=column-ready]').text()).toContain('Schema');
    expect(w.get('[data-testid=column-blocked]').text()).toContain('API');
    expect(w.get('[data-testid=autopilot-state]').text()).toBe('not set up');
    expect(w.find('[data-testid=task-new]').exists()).toBe(true);
    expect(w.find('[data-testid=autopilot-start]').exists()).toBe(true);
  });

  it('shows a viewer no create, edit, priority or autopilot controls', async () => {
    const w = await mountAs('viewer');
    expect(w.findAll('[data-testid=task-card]').length).toBe(2);
    for (const id of ['task-new', 'task-edit', 'task-raise', 'task-lower', 'task-done', 'autopilot-start', 'autopilot-stop']) {
      expect(w.find(`[data-testid=${id}]`).exists()).toBe(false);
    }
  });

  it("reloads when the project's task channel reports a change", async () => {
    const live = useLiveStore();
    let listener: ((e: unknown) => void) | undefined;
    vi.spyOn(live, 'on').mockImplementation((pattern: string, fn: (e: never) => void) => {
      if (pattern === 'workspace:tasks:proj-a') listener = fn as (e: unknown) => void;
      return () => undefined;
    });
    const w = await mountAs('operator');
    expect(listener).toBeDefined();
    items = [
      { ...a, status: 'done' },
      { ...b, blockedBy: [] },
    ];
    listener?.({ channel: 'workspace:tasks:proj-a' });
    await flushPromises();
    expect(w.get('[data-testid=column-ready]').text()).toContain('API');
    expect(w.get('[data-testid=column-done]').text()).toContain('Schema');
  });
});
