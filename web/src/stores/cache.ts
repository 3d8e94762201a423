import { defineStore } from 'pinia';
import { shallowReactive } from 'vue';
import { shownError, type ShownError } from '../lib/errors.ts';

export interface Entry<T = unknown> {
  data: T | undefined;
  error: ShownError | null;
  loading: boolean;
  /** Set when a WS event made the data stale; the next read (or an active view) fetches again. */
  stale: boolean;
  fetchedAt: number;
}

/**
 * Server data by key (e.g. `agents.list`), shared by every view: a view reads it through `useResource`,
 * WS events mark keys stale by prefix and mounted views refetch at once.
 */
export const useCacheStore = defineStore('cache', () => {
  const entries = shallowReactive(new Map<string, Entry>());
  const fetchers = new Map<string, () => Promise<unknown>>();
  const inflight = new Map<string, Promise<void>>();
  const active = new Map<string, number>();

  function entry<T>(key: string): Entry<T> {
    let e = entries.get(key);
    if (!e) {
      e = shallowReactive({ data: undefined, error: null, loading: false, stale: true, fetchedAt: 0 }) as Entry;
      entries.set(key, e);
    }
    return e as Entry<T>;
  }

  function load(key: string, fetcher?: () => Promise<unknown>): Promise<void> {
    if (fetcher) fetchers.set(key, fetcher);
    const f = fetchers.get(key);
    if (!f) return Promise.resolve();
    const running = inflight.get(key);
    if (running) return running;
    const e = entry(key);
    e.loading = true;
    e.stale = false;
    const p = f()
      .then((data) => {
        e.data = data;
        e.error = null;
        e.fetchedAt = Date.now();
      })
      .catch((err: unknown) => {
        e.error = shownError(err);
      })
      .finally(() => {
        e.loading = false;
        inflight.delete(key);
        // Invalidated while loading: fetch once more so the last event is reflected.
        if (e.stale && (active.get(key) ?? 0) > 0) void load(key);
      });
    inflight.set(key, p);
    return p;
  }

  /** Marks every key starting with one of `prefixes` stale and refetches the ones a view shows. */
  function invalidate(...prefixes: string[]) {
    for (const [key, e] of entries) {
      if (!prefixes.some((p) => key === p || key.startsWith(`${p}.`) || key.startsWith(`${p}:`))) continue;
      e.stale = true;
      if ((active.get(key) ?? 0) > 0 && !inflight.has(key)) void load(key);
    }
  }

  function invalidateAll() {
    invalidate(...[...entries.keys()]);
  }

  function retain(key: string): () => void {
    active.set(key, (active.get(key) ?? 0) + 1);
    return () => active.set(key, (active.get(key) ?? 1) - 1);
  }

  function clear() {
    entries.clear();
    fetchers.clear();
  }

  return { entries, entry, load, invalidate, invalidateAll, retain, clear };
});
