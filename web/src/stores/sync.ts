import { useCacheStore } from './cache.ts';
import { useInboxStore } from './inbox.ts';
import { useLiveStore } from './live.ts';

/** Which cached reads each channel makes stale. */
const RULES: { pattern: string; keys: string[]; inbox?: boolean }[] = [
  { pattern: 'system:dcg', keys: ['dcg'], inbox: true },
  { pattern: 'agent:state:*', keys: ['agents', 'overview'], inbox: true },
  { pattern: 'system:fleet', keys: ['fleet'] },
  { pattern: 'system:cost', keys: ['cost', 'overview'] },
  { pattern: 'system:alerts', keys: ['alerts', 'cost.budgets', 'overview'], inbox: true },
  { pattern: 'system:budget', keys: ['cost.budgets', 'overview'], inbox: true },
  { pattern: 'workspace:reservations:*', keys: ['coordination'] },
  { pattern: 'workspace:conflicts:*', keys: ['coordination', 'overview'] },
  { pattern: 'workspace:handoffs:*', keys: ['coordination'], inbox: true },
];

/**
 * Connects WS events to the cache: each event marks its keys stale, at most once per 250 ms per key, so a
 * burst (heartbeats, cost ticks) costs one reload. Returns the function that disconnects it.
 */
export function wireInvalidation(): () => void {
  const live = useLiveStore();
  const cache = useCacheStore();
  const inbox = useInboxStore();
  const due = new Set<string>();
  let inboxDue = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = () => {
    timer = undefined;
    const keys = [...due];
    due.clear();
    if (keys.length) cache.invalidate(...keys);
    if (inboxDue) void inbox.refresh();
    inboxDue = false;
  };
  const offs = RULES.map((r) =>
    live.on(r.pattern, () => {
      r.keys.forEach((k) => due.add(k));
      // Approvals are what a person waits for: reload the inbox at once.
      if (r.inbox && r.pattern === 'system:dcg') void inbox.refresh();
      else if (r.inbox) inboxDue = true;
      timer ??= setTimeout(flush, 250);
    }),
  );
  offs.push(
    live.onReload(() => {
      cache.invalidateAll();
      void inbox.refresh();
    }),
  );
  return () => {
    offs.forEach((o) => o());
    if (timer) clearTimeout(timer);
  };
}
