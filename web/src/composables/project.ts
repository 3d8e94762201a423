import { computed, type ComputedRef } from 'vue';
import { useRoute } from 'vue-router';

/** Where the Tasks page keeps the last project it opened; the other one-project pages open it when given none. */
export const LAST_PROJECT = 'flywheel.tasks.project';

/** The project a one-project page shows: `?project=` in the URL, '' when there is none. */
export function useProjectQuery(): ComputedRef<string> {
  const route = useRoute();
  return computed(() => (typeof route.query.project === 'string' ? route.query.project : ''));
}
