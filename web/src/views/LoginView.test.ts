// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { makeRouter } from '../router.ts';
import { API_KEY_STORAGE } from '../lib/api.ts';
import { useSessionStore } from '../stores/session.ts';
import LoginView from './LoginView.vue';

const me = { principal: { accountId: 'acct-a', role: 'operator', keyId: 'key_1' } };

describe('LoginView', () => {
  const seen: { url: string; auth?: string }[] = [];
  beforeEach(() => {
    setActivePinia(createPinia());
    sessionStorage.clear();
    seen.length = 0;
    vi.stubGlobal('fetch', async (url: string, init?: RequestInit) => {
      const auth = (init?.headers as Record<string, string>).authorization;
      seen.push({ url, auth });
      if (auth === 'Bearer good-key') return new Response(JSON.stringify(me), { status: 200, headers: { 'content-type': 'application/json' } });
      const error = { code: 'UNAUTHORIZED', message: 'unknown or revoked API key', requestId: 'req_42' };
      return new Response(JSON.stringify({ error }), { status: 401, headers: { 'content-type': 'application/json' } });
    });
  });
  afterEach(() => vi.unstubAllGlobals());

  async function mountAt(path: string) {
    const router = makeRouter(true);
    await router.push(path);
    const w = mount(LoginView, { global: { plugins: [router] } });
    return { w, router };
  }

  it("a refused key shows the server's message and request id, and is not kept", async () => {
    const { w } = await mountAt('/login');
    await w.get('[data-testid=api-key]').setValue('bad-key');
    await w.get('[data-testid=login-form]').trigger('submit');
    await flushPromises();
    expect(w.get('[data-testid=error]').text()).toContain('unknown or revoked API key');
    expect(w.get('[data-testid=error]').text()).toContain('req_42');
    expect(sessionStorage.getItem(API_KEY_STORAGE)).toBeNull();
    expect(seen).toEqual([{ url: '/api/v1/auth/me', auth: 'Bearer bad-key' }]);
  });

  it('an accepted key is kept in sessionStorage, says who it is, and goes on to the page asked for', async () => {
    const { w, router } = await mountAt('/login?next=/inbox');
    await w.get('[data-testid=api-key]').setValue('good-key');
    await w.get('[data-testid=login-form]').trigger('submit');
    await flushPromises();
    expect(sessionStorage.getItem(API_KEY_STORAGE)).toBe('good-key');
    const session = useSessionStore();
    expect([session.accountId, session.role, session.can('operator'), session.can('admin')]).toEqual(['acct-a', 'operator', true, false]);
    // The inbox view loads lazily (its chunk compiles on first use here).
    await vi.waitFor(() => expect(router.currentRoute.value.fullPath).toBe('/inbox'), { timeout: 15_000 });
    session.logout();
    expect(sessionStorage.getItem(API_KEY_STORAGE)).toBeNull();
  });

  it('every page but /login sends a visitor without a key to sign in first', async () => {
    const router = makeRouter(true);
    await router.push('/agents');
    expect(router.currentRoute.value.fullPath).toBe('/login?next=/agents');
  });
});
