import { defineStore } from 'pinia';
import { ref } from 'vue';
import { z } from 'zod';
import { DcgException, type ApprovalGrant } from '@flywheel/contracts';
import { getJson } from '../lib/api.ts';
import type { HubClient, HubStatus } from '../lib/ws-client.ts';
import { connectDcgLive } from './safety-live.ts';

const ExceptionList = z.object({ items: z.array(DcgException) });
const OPERATOR_KEY = 'flywheel.operator';
const API_KEY = 'flywheel.apiKey';

/**
 * Pending guard exceptions. With an API key (traded for a ws token) every `system:dcg` exception event
 * refreshes the list at once; without one, or while the socket is down, REST is polled every 2 s.
 */
export const useSafetyStore = defineStore('safety', () => {
  const pending = ref<DcgException[]>([]);
  const error = ref<string | null>(null);
  const busy = ref<string | null>(null);
  const operator = ref(globalThis.localStorage?.getItem(OPERATOR_KEY) ?? 'dashboard');
  const apiKey = ref(globalThis.localStorage?.getItem(API_KEY) ?? '');
  const live = ref<HubStatus | 'off'>('off');
  let timer: ReturnType<typeof setInterval> | undefined;
  let hub: HubClient | undefined;

  async function refresh() {
    try {
      pending.value = (await getJson('/api/v1/dcg/exceptions?status=pending', ExceptionList)).items;
      error.value = null;
    } catch (e) {
      error.value = (e as Error).message;
    }
  }

  async function decide(ref_: string, action: 'approve' | 'deny', grant?: ApprovalGrant) {
    busy.value = ref_;
    globalThis.localStorage?.setItem(OPERATOR_KEY, operator.value);
    try {
      const body = action === 'approve' ? { grant, decidedBy: operator.value } : { decidedBy: operator.value };
      await getJson(`/api/v1/dcg/exceptions/${encodeURIComponent(ref_)}/${action}`, DcgException, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
      });
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

  return { pending, error, busy, operator, apiKey, live, refresh, decide, connect, start, stop };
});
