// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mount, RouterLinkStub } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { useSessionStore } from '../stores/session.ts';
import AgentsView from './AgentsView.vue';

const agent = (id: string, driver: string, guard: 'guarded' | 'unguarded', guardNote?: string) => ({
  id,
  name: id,
  driver,
  state: 'ready',
  activity: 'idle',
  attention: 'none',
  guard,
  guardNote,
  runnerId: 'r1',
  workingDirectory: '/tmp',
  isolation: 'in-place',
  envKeys: [],
  messageCount: 0,
  lastSeq: 0,
  createdAt: new Date().toISOString(),
  updatedAt: new Date().toISOString(),
});

describe('AgentsView', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
    vi.stubGlobal('fetch', async (url: string) => {
      if (url.startsWith('/api/v1/agents'))
        return json({ items: [agent('a-codex', 'codex', 'guarded'), agent('a-sh', 'tmux', 'unguarded', 'a tmux pane runs whatever program it was given')] });
      return json({ rows: [], items: [] });
    });
  });
  afterEach(() => vi.unstubAllGlobals());

  it('marks an agent whose tool calls do not pass the guard as unguarded, with why', async () => {
    useSessionStore().me = { principal: { accountId: 'acct-a', role: 'viewer' } };
    const w = mount(AgentsView, { global: { stubs: { RouterLink: RouterLinkStub } } });
    await vi.waitFor(() => expect(w.findAll('[data-agent]').length).toBe(2));
    expect(w.find('[data-agent=a-codex] [data-testid=unguarded]').exists()).toBe(false);
    const badge = w.find('[data-agent=a-sh] [data-testid=unguarded]');
    expect(badge.text()).toBe('unguarded');
    expect(badge.attributes('title')).toContain('tmux pane');
  });
});
