// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import type { AutopilotStatus } from '@flywheel/contracts';
import AutopilotPanel from './AutopilotPanel.vue';

const on: AutopilotStatus = {
  projectId: 'proj-a',
  enabled: true,
  maxConcurrency: 2,
  workingDirectory: '/repo',
  isolation: 'worktree',
  driver: 'sdk',
  rules: [],
  env: {},
  budgetUsd: 5,
  runs: [{ taskId: 'tsk_a', attempt: 1, status: 'running', startedAt: '2026-12-07T10:00:00.000Z' }],
  updatedAt: '2026-12-07T10:00:00.000Z',
};

describe('AutopilotPanel', () => {
  const sent: { url: string; method?: string; body?: unknown }[] = [];
  beforeEach(() => {
    sent.length = 0;
    vi.stubGlobal('fetch', async (url: string, init?: RequestInit) => {
      const body = init?.body ? JSON.parse(String(init.body)) : undefined;
      sent.push({ url, method: init?.method, body });
      return new Response(JSON.stringify({ ...on, ...body }), { status: 200, headers: { 'content-type': 'application/json' } });
    });
  });
  afterEach(() => vi.unstubAllGlobals());

  it('starts an autopilot never set up with the repository, concurrency and budget', async () => {
    const w = mount(AutopilotPanel, { props: { projectId: 'proj-a', status: null, canEdit: true } });
    expect(w.get('[data-testid=autopilot-state]').text()).toBe('not set up');
    await w.get('[data-testid=autopilot-dir]').setValue('/srv/repo');
    await w.get('[data-testid=autopilot-concurrency]').setValue('3');
    await w.get('[data-testid=autopilot-budget]').setValue('12.5');
    await w.get('[data-testid=autopilot-form]').trigger('submit');
    await flushPromises();
    expect(sent).toEqual([
      { url: '/api/v1/tasks/autopilot/proj-a', method: 'PUT', body: { enabled: true, workingDirectory: '/srv/repo', maxConcurrency: 3, budgetUsd: 12.5 } },
    ]);
    expect(w.emitted('changed')).toHaveLength(1);
  });

  it('stops a running autopilot keeping its settings, and shows why it paused', async () => {
    const w = mount(AutopilotPanel, {
      props: { projectId: 'proj-a', status: { ...on, paused: { reason: 'budget would be exceeded', at: on.updatedAt } }, canEdit: true },
    });
    expect(w.get('[data-testid=autopilot-state]').text()).toBe('paused');
    expect(w.get('[data-testid=autopilot-paused]').text()).toContain('budget would be exceeded');
    await w.get('[data-testid=autopilot-stop]').trigger('click');
    await flushPromises();
    expect(sent[0]).toMatchObject({
      method: 'PUT',
      body: { enabled: false, workingDirectory: '/repo', maxConcurrency: 2, budgetUsd: 5, isolation: 'worktree', driver: 'sdk' },
    });
  });

  it('shows a viewer the state but no controls', () => {
    const w = mount(AutopilotPanel, { props: { projectId: 'proj-a', status: on, canEdit: false } });
    expect(w.get('[data-testid=autopilot-state]').text()).toBe('on');
    expect(w.find('[data-testid=autopilot-start]').exists()).toBe(false);
    expect(w.find('[data-testid=autopilot-stop]').exists()).toBe(false);
  });
});
