// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { createMemoryHistory, createRouter } from 'vue-router';
import { LAST_PROJECT } from '../composables/project.ts';
import ProjectHeader from './ProjectHeader.vue';

describe('ProjectHeader', () => {
  beforeEach(() => globalThis.localStorage?.removeItem(LAST_PROJECT));

  async function mountAt(path: string, slot?: string) {
    const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/page', component: { render: () => null } }] });
    await router.push(path);
    const w = mount(ProjectHeader, { props: { title: 'Velocity', testid: 'velocity' }, slots: slot ? { default: slot } : {}, global: { plugins: [router] } });
    await flushPromises();
    return { w, router };
  }

  it('shows the title, the project of the URL in its input and the slot’s controls inside the form', async () => {
    const { w } = await mountAt('/page?project=proj-a', '<select data-testid="extra"></select>');
    expect(w.get('h1').text()).toBe('Velocity');
    expect((w.get('[data-testid=velocity-project]').element as HTMLInputElement).value).toBe('proj-a');
    expect(w.get('label').attributes('for')).toBe('velocity-project');
    expect(w.get('[data-testid=velocity-open]').text()).toBe('Open');
    expect(w.find('form [data-testid=extra]').exists()).toBe(true);
  });

  it('Open puts the typed project (trimmed) in the URL, keeping the rest of the query; a blank one goes nowhere', async () => {
    const { w, router } = await mountAt('/page?project=proj-a&tab=graph');
    await w.get('[data-testid=velocity-project]').setValue('  proj-b ');
    await w.get('form').trigger('submit');
    await flushPromises();
    expect(router.currentRoute.value.query).toEqual({ project: 'proj-b', tab: 'graph' });
    await w.get('[data-testid=velocity-project]').setValue('   ');
    await w.get('form').trigger('submit');
    await flushPromises();
    expect(router.currentRoute.value.query).toEqual({ project: 'proj-b', tab: 'graph' });
  });

  it('without a project in the URL it opens the last one the Tasks page kept, or asks with an empty input', async () => {
    const none = await mountAt('/page');
    expect(none.router.currentRoute.value.query).toEqual({});
    expect((none.w.get('[data-testid=velocity-project]').element as HTMLInputElement).value).toBe('');

    globalThis.localStorage?.setItem(LAST_PROJECT, 'proj-last');
    const last = await mountAt('/page');
    expect(last.router.currentRoute.value.query).toEqual({ project: 'proj-last' });
    expect((last.w.get('[data-testid=velocity-project]').element as HTMLInputElement).value).toBe('proj-last');
  });

  it('follows the URL when the project changes there (back, a link)', async () => {
    const { w, router } = await mountAt('/page?project=proj-a');
    await router.push('/page?project=proj-c');
    await flushPromises();
    expect((w.get('[data-testid=velocity-project]').element as HTMLInputElement).value).toBe('proj-c');
  });
});
