import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { useSafetyStore } from './safety.ts';

const exception = { id: 'exc_1', shortCode: 'K7Q2MX', decisionId: 'dcd_1', agentId: 'a1', command: 'git reset --hard', ruleId: 'core.git:reset-hard', status: 'pending', live: true, createdAt: '2026-11-25T12:00:00.000Z', expiresAt: '2026-11-25T12:01:00.000Z' };

describe('useSafetyStore', () => {
  const calls: { url: string; init?: RequestInit }[] = [];
  beforeEach(() => {
    setActivePinia(createPinia());
    calls.length = 0;
    vi.stubGlobal('fetch', async (url: string, init?: RequestInit) => {
      calls.push({ url, init });
      const body = url.includes('/approve') ? { ...exception, status: 'approved', grant: 'agent', decidedBy: 'dashboard' } : { items: [exception] };
      return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
    });
  });
  afterEach(() => vi.unstubAllGlobals());

  it('loads pending exceptions and approves one for its agent (the key says who decided), then reloads', async () => {
    const store = useSafetyStore();
    await store.refresh();
    expect(store.pending.map((e) => e.shortCode)).toEqual(['K7Q2MX']);
    await store.decide('exc_1', 'approve', 'agent');
    const post = calls.find((c) => c.init?.method === 'POST')!;
    expect(post.url).toBe('/api/v1/dcg/exceptions/exc_1/approve');
    expect(JSON.parse(String(post.init!.body))).toEqual({ grant: 'agent' });
    expect(calls.at(-1)!.url).toBe('/api/v1/dcg/exceptions?status=pending');
    expect(store.error).toBeNull();
  });
});
