// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount, RouterLinkStub } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import type { DcgException } from '@flywheel/contracts';
import { useSessionStore } from '../stores/session.ts';
import InboxView from './InboxView.vue';

const exc = (id: string, command: string): DcgException => ({
  id,
  shortCode: id.toUpperCase(),
  decisionId: `d_${id}`,
  command,
  ruleId: 'core.git:reset-hard',
  status: 'pending',
  live: true,
  createdAt: new Date().toISOString(),
  expiresAt: new Date(Date.now() + 60_000).toISOString(),
});

describe('InboxView', () => {
  let pending: DcgException[];
  const posts: { url: string; body: unknown }[] = [];
  beforeEach(() => {
    setActivePinia(createPinia());
    posts.length = 0;
    pending = [exc('e1', 'git reset --hard'), exc('e2', 'rm -rf build'), exc('e3', 'git clean -fdx')];
    const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
    vi.stubGlobal('fetch', async (url: string, init?: RequestInit) => {
      if (init?.method === 'POST') {
        const body = JSON.parse(String(init.body));
        posts.push({ url, body });
        const id = url.split('/')[5];
        const e = pending.find((p) => p.id === id)!;
        pending = pending.filter((p) => p.id !== id);
        return json({ ...e, status: url.endsWith('/deny') ? 'denied' : 'approved' });
      }
      if (url.startsWith('/api/v1/dcg/exceptions')) return json({ items: pending });
      if (url.startsWith('/api/v1/cost-analytics/budgets')) return json({ items: [] });
      return json({ items: [] });
    });
  });
  afterEach(() => vi.unstubAllGlobals());

  async function mountAs(role: 'viewer' | 'operator') {
    useSessionStore().me = { principal: { accountId: 'acct-a', role } };
    const w = mount(InboxView, { attachTo: document.body, global: { stubs: { RouterLink: RouterLinkStub } } });
    await vi.waitFor(() => expect(w.findAll('[data-testid=inbox-item]').length).toBe(3));
    return w;
  }
  const key = async (k: string) => {
    window.dispatchEvent(new KeyboardEvent('keydown', { key: k }));
    await flushPromises();
  };

  it('j/k move the selection; d denies and a approves once the selected item', async () => {
    const w = await mountAs('operator');
    await key('j');
    await key('d');
    await vi.waitFor(() => expect(w.findAll('[data-testid=inbox-item]').length).toBe(2));
    await key('k');
    await key('a');
    await vi.waitFor(() => expect(w.findAll('[data-testid=inbox-item]').length).toBe(1));
    expect(posts).toEqual([
      { url: '/api/v1/dcg/exceptions/e2/deny', body: {} },
      { url: '/api/v1/dcg/exceptions/e1/approve', body: { grant: 'once' } },
    ]);
    w.unmount();
  });

  it('x selects for bulk; the bulk bar approves every selected item once', async () => {
    const w = await mountAs('operator');
    await key('x');
    await key('j');
    await key('j');
    await key('x');
    await w.get('[data-testid=bulk-approve]').trigger('click');
    await vi.waitFor(() => expect(w.findAll('[data-testid=inbox-item]').length).toBe(1));
    expect(posts.map((p) => p.url)).toEqual(['/api/v1/dcg/exceptions/e1/approve', '/api/v1/dcg/exceptions/e3/approve']);
    w.unmount();
  });

  it('a viewer sees the items but no decisions, and its keys decide nothing', async () => {
    const w = await mountAs('viewer');
    expect(w.find('[data-testid=approve-once]').exists()).toBe(false);
    await key('a');
    await key('d');
    expect(posts).toEqual([]);
    w.unmount();
  });
});
