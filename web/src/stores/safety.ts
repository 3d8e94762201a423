import { defineStore } from 'pinia';
import { ref } from 'vue';
import { z } from 'zod';
import { DcgException, type ApprovalGrant } from '@flywheel/contracts';
import { getJson } from '../lib/api.ts';

const ExceptionList = z.object({ items: z.array(DcgException) });
const OPERATOR_KEY = 'flywheel.operator';

/**
 * Pending guard exceptions, polled from REST every 2 s. (The hub's WS client exists, but the dashboard
 * has no credential to trade for a ws token yet; when it does, refresh on `system:dcg` events instead.)
 */
export const useSafetyStore = defineStore('safety', () => {
  const pending = ref<DcgException[]>([]);
  const error = ref<string | null>(null);
  const busy = ref<string | null>(null);
  const operator = ref(globalThis.localStorage?.getItem(OPERATOR_KEY) ?? 'dashboard');
  let timer: ReturnType<typeof setInterval> | undefined;

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

  function start(intervalMs = 2000) {
    void refresh();
    timer ??= setInterval(refresh, intervalMs);
  }

  function stop() {
    if (timer) clearInterval(timer);
    timer = undefined;
  }

  return { pending, error, busy, operator, refresh, decide, start, stop };
});
