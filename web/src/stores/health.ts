import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { HealthReport } from '@flywheel/contracts';
import { api } from '../lib/api.ts';

/** System health, polled from GET /health. */
export const useHealthStore = defineStore('health', () => {
  const report = ref<HealthReport | null>(null);
  const error = ref<string | null>(null);
  let timer: ReturnType<typeof setInterval> | undefined;

  async function refresh() {
    try {
      report.value = await api.system.health({});
      error.value = null;
    } catch (e) {
      error.value = (e as Error).message;
    }
  }

  function start(intervalMs = 5000) {
    void refresh();
    timer ??= setInterval(refresh, intervalMs);
  }

  function stop() {
    if (timer) clearInterval(timer);
    timer = undefined;
  }

  return { report, error, refresh, start, stop };
});
