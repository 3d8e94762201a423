import { beforeEach, describe, expect, it } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { effectScope } from 'vue';
import { useCacheStore } from './cache.ts';
import { useResource } from '../composables/resource.ts';

describe('cache store + useResource', () => {
  beforeEach(() => setActivePinia(createPinia()));

  it('a WS-driven invalidation refetches the keys a view shows at once, and only marks the others stale', async () => {
    const cache = useCacheStore();
    let agents = 0;
    let costs = 0;
    const scope = effectScope();
    const view = scope.run(() => useResource('agents.list', async () => ++agents))!;
    await cache.load('cost.summary', async () => ++costs);
    await Promise.resolve();
    expect([view.data.value, agents, costs]).toEqual([1, 1, 1]);

    cache.invalidate('agents', 'cost');
    await new Promise((r) => setTimeout(r, 0));
    // agents.list is on screen: fetched again; cost.summary is not: stale until something reads it.
    expect([view.data.value, agents, costs]).toEqual([2, 2, 1]);
    expect(cache.entry('cost.summary').stale).toBe(true);

    scope.stop();
    cache.invalidate('agents');
    await new Promise((r) => setTimeout(r, 0));
    expect(agents).toBe(2);
  });

  it('keeps the server error (message and request id) and the last good data', async () => {
    const cache = useCacheStore();
    await cache.load('x', async () => 'good');
    const { ApiError } = await import('../lib/api.ts');
    await cache.load('x', async () => {
      throw new ApiError(503, { code: 'UNAVAILABLE', message: 'cost is not answering', requestId: 'req_9' });
    });
    expect(cache.entry('x').data).toBe('good');
    expect(cache.entry('x').error).toMatchObject({ code: 'UNAVAILABLE', message: 'cost is not answering', requestId: 'req_9', status: 503 });
  });
});
