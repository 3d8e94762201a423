import { computed, onBeforeUnmount, watch, type ComputedRef, type Ref } from 'vue';
import { useRoute } from 'vue-router';
import { useLiveStore } from '../stores/live.ts';

/** Where the Tasks page keeps the last project it opened; the other one-project pages open it when given none. */
export const LAST_PROJECT = 'flywheel.tasks.project';

/** The project a one-project page shows: `?project=` in the URL, '' when there is none. */
export function useProjectQuery(): ComputedRef<string> {
  const route = useRoute();
  return computed(() => (typeof route.query.project === 'string' ? route.query.project : ''));
}

/**
 * While the page is mounted: watches the project's task channel (`workspace:tasks:<project>`) and calls `onEvent` with
 * the project on each of its events; `onOpen` runs when a project is opened. Follows the project when it changes.
 */
export function useProjectTasksChannel(project: Ref<string>, onEvent: (project: string) => void, onOpen?: (project: string) => void): void {
  const live = useLiveStore();
  let unwatch: (() => void) | undefined;
  watch(
    project,
    (p) => {
      unwatch?.();
      unwatch = undefined;
      if (!p) return;
      onOpen?.(p);
      const offWatch = live.watch(`workspace:tasks:${p}`);
      const offOn = live.on(`workspace:tasks:${p}`, () => onEvent(p));
      unwatch = () => {
        offWatch();
        offOn();
      };
    },
    { immediate: true },
  );
  onBeforeUnmount(() => unwatch?.());
}
