import { computed, onScopeDispose, watch, type Ref } from 'vue';
import { useCacheStore } from '../stores/cache.ts';

/**
 * A cached server read for a view: `data`, `loading`, `error` (server message + request id) and `refresh`.
 * The key may change (route params); the data stays in the cache store and WS events invalidate it.
 */
export function useResource<T>(key: Ref<string> | string, fetcher: () => Promise<T>) {
  const cache = useCacheStore();
  const k = computed(() => (typeof key === 'string' ? key : key.value));
  let release: (() => void) | undefined;
  watch(
    k,
    (now) => {
      release?.();
      release = cache.retain(now);
      // Cached data (if any) shows at once while the view reads it again.
      void cache.load(now, fetcher);
    },
    { immediate: true },
  );
  onScopeDispose(() => release?.());
  const entry = computed(() => cache.entry<T>(k.value));
  return {
    data: computed(() => entry.value.data),
    loading: computed(() => entry.value.loading && entry.value.data === undefined),
    refreshing: computed(() => entry.value.loading),
    error: computed(() => entry.value.error),
    refresh: () => cache.load(k.value, fetcher),
  };
}
