import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { ApprovalGrant, DcgException } from '@flywheel/contracts';
import { api } from '../lib/api.ts';
import type { HubClient, HubStatus } from '../lib/ws-client.ts';
import { connectDcgLive } from './safety-live.ts';

const API_KEY = 'flywheel.apiKey';

/**
 * Pending guard exceptions. With an API key (traded for a ws token) every `system:dcg` exception event
 * refreshes the list at once; without one, or while the socket is down, REST is polled every 2 s.
 */
export const useSafetyStore = defineStore('safety', () => {
  const pending = ref<DcgException[]>([]);
  const error = ref<string | null>(null);
  const busy = ref<string | null>(null);
  const apiKey = ref(globalThis.localStorage?.getItem(API_KEY) ?? '');
  const live = ref<HubStatus | 'off'>('off');
  let timer: ReturnType<typeof setInterval> | undefined;
  let hub: HubClient | undefined;

  async function refresh() {
    try {
      pending.value = (await api.dcg.exceptions({ query: { status: 'pending' } })).items;
      error.value = null;
    } catch (e) {
      error.value = (e as Error).message;
    }
  }

  async function decide(ref_: string, action: 'approve' | 'deny', grant?: ApprovalGrant) {
    busy.value = ref_;
    try {
      const params = { ref: ref_ };
      if (action === 'approve') await api.dcg.approve({ params, body: { grant: grant ?? 'once' } });
      else await api.dcg.deny({ params, body: {} });
      error.value = null;
    } catch (e) {
      error.value = (e as Error).message;
    } finally {
      busy.value = null;
      await refresh();
    }
  }

  function connect() {
    hub?.stop();
    hub = undefined;
    globalThis.localStorage?.setItem(API_KEY, apiKey.value);
    if (!apiKey.value) return void (live.value = 'off');
    hub = connectDcgLive({
      apiKey: apiKey.value,
      onChange: () => void refresh(),
      onStatus: (s) => {
        live.value = s;
        if (s === 'open') void refresh();
      },
    });
  }

  function start(intervalMs = 2000) {
    void refresh();
    timer ??= setInterval(() => live.value !== 'open' && void refresh(), intervalMs);
    if (apiKey.value && !hub) connect();
  }

  function stop() {
    if (timer) clearInterval(timer);
    timer = undefined;
    hub?.stop();
    hub = undefined;
  }

  return { pending, error, busy, apiKey, live, refresh, decide, connect, start, stop };
});
