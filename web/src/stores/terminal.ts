import { defineStore } from 'pinia';
import { ref, shallowRef, triggerRef } from 'vue';
import { AgentEvent, type EventFrame } from '@flywheel/contracts';
import { api } from '../lib/api.ts';
import { shownError, type ShownError } from '../lib/errors.ts';
import { SeqSet } from '../lib/seq-set.ts';
import { useLiveStore } from './live.ts';

import { LineLog, type LineKind } from './line-log.ts';

export type { Line, LineKind } from './line-log.ts';
export interface ToolCard {
  id: string;
  tool: string;
  input: unknown;
  result?: unknown;
  isError?: boolean;
  durationMs?: number;
  seq: number;
  done: boolean;
}
export interface Usage {
  model: string;
  inputTokens: number;
  outputTokens: number;
  reportedCostUsd: number;
}

/** One line for a tool call in the terminal: the command of a Bash call, else its input, shortened. */
function toolSummary(input: unknown): string {
  const o = input as { command?: unknown; file_path?: unknown } | undefined;
  const text = typeof o?.command === 'string' ? o.command : typeof o?.file_path === 'string' ? o.file_path : JSON.stringify(input ?? '');
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

/** The first lines of a tool's result (the cards hold all of it). */
function resultLines(result: unknown): string[] {
  if (result === undefined || result === null) return [];
  const text = typeof result === 'string' ? result : JSON.stringify(result);
  const all = text.replace(/\n$/, '').split('\n');
  return all.length > 20 ? [...all.slice(0, 20), `… ${all.length - 20} more lines (see tools)`] : all;
}

const STREAMS = new Set(['assistant', 'stdout', 'stderr', 'system', 'user']);
/**
 * `d` as an output or thinking event, checked by hand: these are nearly all of an agent's events (thousands a
 * second in a flood) and the schema's per-event cost showed in the page's profile. The same rules as the
 * `AgentEvent` schema for every field the terminal reads (type, agent, a non-negative integer seq, the stream, the
 * text); `ts` is only checked to be a string (the terminal does not read it). Anything else, or anything refused
 * here, goes through the schema.
 */
export function asOutputEvent(d: unknown): AgentEvent | undefined {
  if (typeof d !== 'object' || d === null) return undefined;
  const e = d as Record<string, unknown>;
  if (e.type !== 'output' && e.type !== 'thinking') return undefined;
  if (typeof e.agentId !== 'string' || typeof e.ts !== 'string' || typeof e.text !== 'string') return undefined;
  if (typeof e.seq !== 'number' || !Number.isSafeInteger(e.seq) || e.seq < 0) return undefined;
  if (e.type === 'output' && !STREAMS.has(e.stream as string)) return undefined;
  return e as AgentEvent;
}

const FAMILIES = ['agent:output', 'agent:tools', 'agent:checkpoints'];
/**
 * The most time one animation frame spends applying events: a larger backlog (the history read on open, a burst
 * after the tab was in the background or the machine stalled) is applied over several frames, so no frame's task
 * grows with the backlog.
 */
export const FRAME_BUDGET_MS = 6;
/** Lines kept per agent; older ones are dropped from the view (the API still has them). */
export const MAX_LINES = 200_000;
/** Pages of 1,000 events read on open (newest first). */
const HISTORY_PAGES = 5;

/**
 * One agent's live view: its output lines, tool calls, state timeline and usage, loaded from REST and then
 * kept live from `agent:{output,tools,state,checkpoints}:ID`. Events are kept once by `seq` (a bitmap, not a set of
 * numbers), so a replay after a reconnect or the REST/WS overlap never doubles a line. Lines are a compact
 * `LineLog` behind a shallow ref, bumped once per animation frame (however many hub frames and events arrived), so
 * 100,000 lines stream without reactive overhead or an object per line.
 */
export const useTerminalStore = defineStore('terminal', () => {
  const agentId = ref<string | null>(null);
  const lines = shallowRef(new LineLog());
  const tools = shallowRef<ToolCard[]>([]);
  const timeline = shallowRef<{ seq: number; ts: string; to: string; reason?: string }[]>([]);
  const usage = shallowRef<Usage[]>([]);
  /**
   * Bumped once per applied batch that changed the lines (resp. the tools, timeline, usage): what a view watches
   * instead of the (non-deep) arrays, so the terminal re-renders per frame and the rest of the page does not.
   */
  const version = ref(0);
  const toolsVersion = ref(0);
  const timelineVersion = ref(0);
  const usageVersion = ref(0);
  const loading = ref(false);
  const error = ref<ShownError | null>(null);
  let seen = new SeqSet();
  /** The highest seq applied: an older event arriving later (history loaded after live events) is merged in order. */
  let maxSeq = -1;
  let pending: AgentEvent[] = [];
  let frame: number | undefined;
  let unsub: (() => void)[] = [];

  /** What the batch being applied changed: only those refs are triggered, so a view re-renders only for its part. */
  const changed = { lines: false, tools: false, timeline: false, usage: false };

  function apply(e: AgentEvent) {
    if (!seen.add(e.seq)) return;
    switch (e.type) {
      case 'output':
      case 'thinking': {
        const kind: LineKind = e.type === 'thinking' ? 'thinking' : e.stream;
        const parts = e.text.replace(/\n$/, '').split('\n');
        for (const text of parts) lines.value.push(e.seq, kind, text);
        changed.lines = true;
        break;
      }
      case 'tool_call_start':
        tools.value.push({ id: e.toolCallId, tool: e.tool, input: e.input, seq: e.seq, done: false });
        lines.value.push(e.seq, 'tool', `▸ ${e.tool} ${toolSummary(e.input)}`);
        changed.tools = changed.lines = true;
        break;
      case 'tool_call_end': {
        const card = tools.value.find((t) => t.id === e.toolCallId);
        if (card) Object.assign(card, { result: e.result, isError: e.isError, durationMs: e.durationMs, done: true });
        else tools.value.push({ id: e.toolCallId, tool: e.tool, input: undefined, result: e.result, isError: e.isError, seq: e.seq, done: true });
        for (const text of resultLines(e.result)) lines.value.push(e.seq, e.isError ? 'stderr' : 'stdout', text);
        changed.tools = changed.lines = true;
        break;
      }
      case 'state':
        timeline.value.push({ seq: e.seq, ts: e.ts, to: e.to, reason: e.reason });
        changed.timeline = true;
        break;
      case 'usage':
        usage.value.push({ model: e.model, inputTokens: e.usage.inputTokens, outputTokens: e.usage.outputTokens, reportedCostUsd: e.reportedCostUsd ?? 0 });
        changed.usage = true;
        break;
      case 'error':
        lines.value.push(e.seq, 'error', `${e.error.code}: ${e.error.message}`);
        changed.lines = true;
        break;
      default:
        break;
    }
  }

  const now = () => (typeof performance !== 'undefined' ? performance.now() : Date.now());

  function flush() {
    frame = undefined;
    const t0 = now();
    const batch = pending;
    pending = [];
    // Events of different families may interleave out of order; keep each batch in seq order.
    batch.sort((a, b) => a.seq - b.seq);
    let late = false;
    let i = 0;
    for (; i < batch.length; i++) {
      // Within the frame's budget (looked at every 256 events): the rest waits for the next frame, where it is
      // sorted together with what arrived meanwhile.
      if ((i & 255) === 255 && now() - t0 > FRAME_BUDGET_MS) break;
      const e = batch[i];
      if (!late && e.seq < maxSeq && !seen.has(e.seq)) late = true;
      apply(e);
    }
    if (i) maxSeq = Math.max(maxSeq, batch[i - 1].seq);
    if (i < batch.length) {
      pending = batch.slice(i);
      schedule();
    }
    if (late) {
      // History (REST) that arrived after newer live events: put it back in seq order (a stable sort keeps
      // the lines of one event together). Rare: only when a load overlaps live output.
      lines.value.sortBySeq();
      tools.value.sort((a, b) => a.seq - b.seq);
      timeline.value.sort((a, b) => a.seq - b.seq);
    }
    lines.value.trim(MAX_LINES);
    if (changed.lines) {
      triggerRef(lines);
      version.value++;
    }
    if (changed.tools) {
      triggerRef(tools);
      toolsVersion.value++;
    }
    if (changed.timeline) {
      triggerRef(timeline);
      timelineVersion.value++;
    }
    if (changed.usage) {
      triggerRef(usage);
      usageVersion.value++;
    }
    changed.lines = changed.tools = changed.timeline = changed.usage = false;
  }

  function schedule() {
    if (frame !== undefined) return;
    frame = typeof requestAnimationFrame === 'function' ? requestAnimationFrame(flush) : (setTimeout(flush, 0) as unknown as number);
  }

  function push(e: AgentEvent) {
    pending.push(e);
    schedule();
  }

  function onFrame(f: EventFrame) {
    const quick = asOutputEvent(f.data);
    if (quick) {
      if (quick.agentId === agentId.value) push(quick);
      return;
    }
    const parsed = AgentEvent.safeParse(f.data);
    if (parsed.success && parsed.data.agentId === agentId.value) push(parsed.data);
  }

  async function load(id: string) {
    loading.value = true;
    error.value = null;
    try {
      let cursor: string | undefined;
      const got: AgentEvent[] = [];
      // The newest 5,000 events are enough for the view (read newest first); older output stays in the API.
      for (let page = 0; page < HISTORY_PAGES; page++) {
        const r = await api.agents.events({ params: { id }, query: { limit: 1000, cursor, order: 'desc' } });
        if (agentId.value !== id) return;
        got.push(...r.items);
        cursor = r.nextCursor;
        if (!cursor) break;
      }
      // One batch, so it is applied (and sorted) in one frame.
      got.forEach(push);
    } catch (e) {
      error.value = shownError(e);
    } finally {
      loading.value = false;
    }
  }

  /** Shows agent `id`: subscribes first, then loads history, so nothing falls between the two. */
  function open(id: string) {
    if (agentId.value === id) return;
    close();
    agentId.value = id;
    const live = useLiveStore();
    for (const fam of FAMILIES) {
      unsub.push(live.watch(`${fam}:${id}`));
      unsub.push(live.on(`${fam}:${id}`, onFrame));
    }
    unsub.push(live.on(`agent:state:${id}`, onFrame));
    unsub.push(live.onReload(() => void load(id)));
    void load(id);
  }

  function close() {
    unsub.forEach((u) => u());
    unsub = [];
    agentId.value = null;
    seen = new SeqSet();
    maxSeq = -1;
    pending = [];
    lines.value = new LineLog();
    tools.value = [];
    timeline.value = [];
    usage.value = [];
    version.value++;
    toolsVersion.value++;
    timelineVersion.value++;
    usageVersion.value++;
  }

  return { agentId, version, toolsVersion, timelineVersion, usageVersion, lines, tools, timeline, usage, loading, error, open, close, push };
});
