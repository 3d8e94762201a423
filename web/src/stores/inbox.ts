import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { AgentInfo, Alert, ApprovalGrant, Budget, DcgException, Handoff } from '@flywheel/contracts';
import { api } from '../lib/api.ts';
import { shownError, type ShownError } from '../lib/errors.ts';
import { chime, notify } from '../lib/notify.ts';
import { useCacheStore } from './cache.ts';

export type InboxKind = 'approval' | 'input' | 'handoff' | 'budget' | 'autopilot' | 'usage_limit';
export interface InboxEntry {
  key: string;
  kind: InboxKind;
  at: string;
  exception?: DcgException;
  agent?: AgentInfo;
  handoff?: Handoff;
  budget?: Budget;
  /** autopilot: the live (open or acknowledged) `autopilot_stuck` alert (subject: the project; details: taskId, reason). */
  alert?: Alert;
}

/** What an `autopilot_stuck` alert says (its details are an open record: read them defensively). */
export function stuckOf(a: Alert): { projectId: string; taskId?: string; reason?: string } {
  const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
  return { projectId: a.subject.id, taskId: str(a.details.taskId), reason: str(a.details.reason) };
}

/** An agent paused at a usage limit (the runner resumes it at `resumeAt` unless auto-resume is off). */
export const isUsageLimited = (a: AgentInfo): boolean => a.state === 'paused' && a.pauseReason === 'usage_limit';

/**
 * Everything waiting for a person: guarded commands, agents waiting for input, pending handoffs, paused
 * budgets, autopilots stopped on a task that failed twice (`autopilot_stuck` alerts, open or acknowledged: the entry
 * stays while the autopilot is paused, acknowledged or not, and goes when its resume resolves the alert) and agents paused at a
 * usage limit. Reloaded on `system:dcg`, `agent:state:*`, `workspace:handoffs:*`, `system:alerts` (which also
 * carries the opening and resolving of `autopilot_stuck`) and `system:budget` (stores/sync.ts); a new guarded
 * command chimes and raises a browser notification.
 */
export const useInboxStore = defineStore('inbox', () => {
  const exceptions = ref<DcgException[]>([]);
  const waiting = ref<AgentInfo[]>([]);
  const handoffs = ref<Handoff[]>([]);
  const paused = ref<Budget[]>([]);
  const stuck = ref<Alert[]>([]);
  const limited = ref<AgentInfo[]>([]);
  /**
   * Settled here but not yet confirmed: alert ids of autopilots resumed (the alert leader resolves the alert a moment
   * later) and `agentId@updatedAt` of limited agents resumed (their state event follows). Hidden until the reload no
   * longer lists them; a later stop (a new alert) or a new pause (a new updatedAt) shows again.
   */
  const settled = new Set<string>();
  const loaded = ref(false);
  const error = ref<ShownError | null>(null);
  const busy = ref(new Set<string>());
  const actionError = ref<ShownError | null>(null);
  const sound = ref(globalThis.localStorage?.getItem('flywheel.sound') !== 'off');
  const seen = new Set<string>();
  let loading: Promise<void> | undefined;
  let again = false;

  const entries = computed<InboxEntry[]>(() => [
    ...exceptions.value.map((e) => ({ key: `exc:${e.id}`, kind: 'approval' as const, at: e.createdAt, exception: e })),
    ...waiting.value.map((a) => ({ key: `input:${a.id}`, kind: 'input' as const, at: a.lastActivityAt ?? a.updatedAt, agent: a })),
    ...handoffs.value.map((h) => ({ key: `handoff:${h.id}`, kind: 'handoff' as const, at: h.createdAt, handoff: h })),
    ...paused.value.map((b) => ({ key: `budget:${b.id}`, kind: 'budget' as const, at: b.updatedAt, budget: b })),
    ...stuck.value.map((a) => ({ key: `autopilot:${a.subject.id}`, kind: 'autopilot' as const, at: a.lastAt, alert: a })),
    ...limited.value.map((a) => ({ key: `usage:${a.id}`, kind: 'usage_limit' as const, at: a.updatedAt, agent: a })),
  ]);
  const count = computed(() => entries.value.length);

  /**
   * The live `autopilot_stuck` alerts: the open ones, then the acknowledged ones (someone is on it, but the autopilot is
   * still paused). A project has at most one live alert of the rule: the resume resolves it.
   */
  async function stuckAlerts(): Promise<{ items: Alert[] }> {
    const query = (status: 'open' | 'acknowledged') => api.alerts.list({ query: { status, rule: 'autopilot_stuck', limit: 100 } });
    const [open, acked] = await Promise.all([query('open'), query('acknowledged')]);
    return { items: [...open.items, ...acked.items] };
  }

  async function fetchAll() {
    const settle = <T>(p: Promise<T>, fallback: T) => p.catch((e: unknown) => ((error.value = shownError(e)), fallback));
    error.value = null;
    const [exc, agents, hand, budgets, alerts] = await Promise.all([
      settle(api.dcg.exceptions({ query: { status: 'pending' } }), { items: [] as DcgException[] }),
      settle(api.agents.list({ query: { limit: 1000 } }), { items: [] as AgentInfo[] }),
      settle(api.handoffs.list({ query: { phase: 'pending', limit: 100 } }), { items: [] as Handoff[] }),
      settle(api.cost.budgetList({}), { items: [] as Budget[] }),
      settle(stuckAlerts(), { items: [] as Alert[] }),
    ]);
    const fresh = exc.items.filter((e) => !seen.has(e.id));
    exc.items.forEach((e) => seen.add(e.id));
    if (loaded.value && fresh.length) announce(fresh);
    exceptions.value = exc.items;
    waiting.value = agents.items.filter((a) => a.activity === 'waiting_input' && a.state !== 'terminated' && a.state !== 'failed');
    handoffs.value = hand.items;
    paused.value = budgets.items.filter((b) => b.status.paused);
    const usageKey = (a: AgentInfo) => `${a.id}@${a.updatedAt}`;
    const listed = new Set([...alerts.items.map((a) => a.id), ...agents.items.filter(isUsageLimited).map(usageKey)]);
    for (const k of settled) if (!listed.has(k)) settled.delete(k);
    // One entry per project: its first listed live alert (each list is newest first).
    const byProject = new Map<string, Alert>();
    for (const a of alerts.items) if (!settled.has(a.id) && !byProject.has(a.subject.id)) byProject.set(a.subject.id, a);
    stuck.value = [...byProject.values()];
    limited.value = agents.items.filter((a) => isUsageLimited(a) && !settled.has(usageKey(a)));
    loaded.value = true;
  }

  /** Reloads (coalescing calls made while one runs). */
  function refresh(): Promise<void> {
    if (loading) {
      again = true;
      return loading;
    }
    loading = fetchAll().finally(() => {
      loading = undefined;
      if (again) {
        again = false;
        void refresh();
      }
    });
    return loading;
  }

  function announce(fresh: DcgException[]) {
    if (sound.value) chime();
    const first = fresh[0];
    notify(
      fresh.length === 1 ? `Approval needed: ${first.ruleId ?? 'guarded command'}` : `${fresh.length} approvals needed`,
      first.command.slice(0, 200),
      'flywheel-inbox',
    );
  }

  function setSound(on: boolean) {
    sound.value = on;
    globalThis.localStorage?.setItem('flywheel.sound', on ? 'on' : 'off');
  }

  async function act(key: string, fn: () => Promise<unknown>) {
    busy.value = new Set([...busy.value, key]);
    try {
      await fn();
      actionError.value = null;
    } catch (e) {
      actionError.value = shownError(e);
    } finally {
      const next = new Set(busy.value);
      next.delete(key);
      busy.value = next;
    }
  }

  async function decide(id: string, action: 'approve' | 'deny', grant: ApprovalGrant = 'once') {
    await act(`exc:${id}`, () =>
      action === 'approve' ? api.dcg.approve({ params: { ref: id }, body: { grant } }) : api.dcg.deny({ params: { ref: id }, body: {} }),
    );
    // Gone from the list at once; the WS event and the reload confirm it.
    exceptions.value = exceptions.value.filter((e) => e.id !== id || actionError.value);
    useCacheStore().invalidate('dcg');
    await refresh();
  }

  async function handoff(id: string, action: 'accept' | 'reject') {
    await act(`handoff:${id}`, () =>
      action === 'accept' ? api.handoffs.accept({ params: { id }, body: {} }) : api.handoffs.reject({ params: { id }, body: {} }),
    );
    await refresh();
  }

  async function resumeBudget(b: Budget) {
    // Raising nothing but the period is not possible here; lifting a pause means switching the budget to alert-only.
    await act(`budget:${b.id}`, () => api.cost.budgetUpdate({ params: { id: b.id }, body: { action: 'alert' } }));
    await refresh();
  }

  /** Lets a stopped autopilot start work again (`tasks.pauseAutopilot {paused: false}`); that resolves its alert. */
  async function resumeAutopilot(alert: Alert) {
    const projectId = alert.subject.id;
    await act(`autopilot:${projectId}`, async () => {
      await api.tasks.pauseAutopilot({ params: { projectId }, body: { paused: false } });
      settled.add(alert.id);
      stuck.value = stuck.value.filter((a) => a.id !== alert.id);
    });
    useCacheStore().invalidate('alerts');
    await refresh();
  }

  /** Resumes an agent paused at a usage limit now (`POST /agents/:id/resume`), as UsageLimitPanel's "Resume now". */
  async function resumeAgent(agent: AgentInfo) {
    await act(`usage:${agent.id}`, async () => {
      await api.usageLimits.resume({ params: { id: agent.id } });
      settled.add(`${agent.id}@${agent.updatedAt}`);
      limited.value = limited.value.filter((a) => a.id !== agent.id);
    });
    useCacheStore().invalidate('agents');
    await refresh();
  }

  function reset() {
    exceptions.value = [];
    waiting.value = [];
    handoffs.value = [];
    paused.value = [];
    stuck.value = [];
    limited.value = [];
    settled.clear();
    loaded.value = false;
    seen.clear();
  }

  return {
    exceptions,
    waiting,
    handoffs,
    paused,
    stuck,
    limited,
    entries,
    count,
    loaded,
    error,
    actionError,
    busy,
    sound,
    setSound,
    refresh,
    decide,
    handoff,
    resumeBudget,
    resumeAutopilot,
    resumeAgent,
    reset,
  };
});
