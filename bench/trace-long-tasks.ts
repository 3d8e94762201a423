// What each long task (> 50 ms) on a page's main thread was made of, from a Chromium trace (as written by
// BENCH_TRACE in dashboard-latency.bench.ts): `node --import tsx bench/trace-long-tasks.ts file.json [minMs]`.
// Per task: its length (wall) and its thread's CPU time in it (a task far longer than its CPU time was mostly waiting
// for a core: the machine's load), the time in its direct kinds of work (event dispatches by type, animation-frame callbacks,
// style, layout, paint, GC, …), how many WebSocket messages it dispatched, and the JS functions with the most
// self time inside it (from the trace's sampled CPU profile, when recorded).
import { readFileSync } from 'node:fs';

type Ev = {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  tdur?: number;
  pid: number;
  tid: number;
  cat?: string;
  id?: string;
  args?: Record<string, any>;
};
const [file, minArg] = process.argv.slice(2);
const raw = JSON.parse(readFileSync(file, 'utf8')) as Ev[] | { traceEvents: Ev[] };
const events = Array.isArray(raw) ? raw : raw.traceEvents;
const minMs = Number(minArg ?? 50);

// The renderer main thread of the page: the CrRendererMain thread with the most work.
const mains = events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`);
const busy = new Map<string, number>();
for (const e of events)
  if (e.ph === 'X' && e.name === 'RunTask' && mains.includes(`${e.pid}:${e.tid}`))
    busy.set(`${e.pid}:${e.tid}`, (busy.get(`${e.pid}:${e.tid}`) ?? 0) + (e.dur ?? 0));
const main = [...busy].sort((a, b) => b[1] - a[1])[0]?.[0];
if (!main) throw new Error('no renderer main thread with tasks in this trace');
const onMain = events.filter((e) => `${e.pid}:${e.tid}` === main && e.ph === 'X' && e.dur !== undefined).sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
const tasks = onMain.filter((e) => e.name === 'RunTask');
const long = tasks.filter((t) => t.dur! / 1000 > minMs);

// Sampled JS stacks (ProfileChunk events of the v8 cpu profiler category), for per-task function self times.
const nodes = new Map<number, { fn: string; parent?: number }>();
const samples: { ts: number; node: number }[] = [];
const [pid] = main.split(':').map(Number);
let t = 0;
for (const e of events) {
  if (e.name === 'Profile' && e.pid === pid) t = e.args?.data?.startTime ?? t;
  if (e.name !== 'ProfileChunk' || e.pid !== pid) continue;
  const d = e.args?.data ?? {};
  for (const n of d.cpuProfile?.nodes ?? [])
    nodes.set(n.id, {
      fn: `${n.callFrame.functionName || '(anonymous)'} ${String(n.callFrame.url ?? '')
        .split('/')
        .pop()}:${(n.callFrame.lineNumber ?? 0) + 1}`,
      parent: n.parent,
    });
  const ids: number[] = d.cpuProfile?.samples ?? [];
  const deltas: number[] = d.timeDeltas ?? [];
  ids.forEach((id, i) => {
    t += deltas[i] ?? 0;
    samples.push({ ts: t, node: id });
  });
}
samples.sort((a, b) => a.ts - b.ts);

const ms = (us: number) => (us / 1000).toFixed(1);
process.stdout.write(`${tasks.length} tasks on the main thread, ${long.length} over ${minMs} ms\n`);
// All tasks by what they ran: an animation frame (rendering), JS callbacks only (a WebSocket message, a timer), other.
const index = new Map(onMain.map((e, i) => [e, i]));
const kindOf = (task: Ev): string => {
  const end = task.ts + task.dur!;
  let i = index.get(task)! + 1;
  const names = new Set<string>();
  for (; i < onMain.length && onMain[i].ts < end; i++) names.add(onMain[i].name);
  if (names.has('FireAnimationFrame') || names.has('Paint') || names.has('Layout')) return 'frame (rAF, style, layout, paint)';
  if (names.has('MajorGC') || names.has('MinorGC') || names.has('V8.GC_MARK_COMPACTOR')) return 'GC';
  if (names.has('FunctionCall') || names.has('EventDispatch') || names.has('TimerFire')) return 'JS callback (message, timer)';
  return 'other';
};
const byKind = new Map<string, Ev[]>();
for (const task of tasks) {
  if (task.dur! < 100) continue; // empty scheduler tasks
  const k = kindOf(task);
  if (!byKind.has(k)) byKind.set(k, []);
  byKind.get(k)!.push(task);
}
const pct = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? 0;
process.stdout.write(`\ntasks ≥ 0.1 ms by kind: count; CPU total, p50/p99/max; wall p99/max; over ${minMs} ms wall / CPU\n`);
for (const [k, ts] of byKind) {
  const cpu = ts.map((t) => t.tdur ?? t.dur!).sort((a, b) => a - b);
  const wall = ts.map((t) => t.dur!).sort((a, b) => a - b);
  process.stdout.write(
    `  ${k}: ${ts.length}; CPU ${ms(cpu.reduce((a, b) => a + b, 0))} ms, ${ms(pct(cpu, 50))}/${ms(pct(cpu, 99))}/${ms(cpu.at(-1)!)} ms; wall ${ms(pct(wall, 99))}/${ms(wall.at(-1)!)} ms; ${wall.filter((w) => w / 1000 > minMs).length} / ${cpu.filter((w) => w / 1000 > minMs).length}\n`,
  );
}
for (const task of long) {
  const end = task.ts + task.dur!;
  const inside: Ev[] = [];
  for (let i = index.get(task)! + 1; i < onMain.length && onMain[i].ts < end; i++) if (onMain[i].ts + onMain[i].dur! <= end) inside.push(onMain[i]);
  // Direct kinds of work: events not inside another listed event of the task (besides the task itself).
  const kinds = new Map<string, { n: number; us: number; cpu: number }>();
  const KINDS = new Set([
    'EventDispatch',
    'FunctionCall',
    'FireAnimationFrame',
    'TimerFire',
    'UpdateLayoutTree',
    'Layout',
    'PrePaint',
    'Paint',
    'Layerize',
    'UpdateLayer',
    'CompositeLayers',
    'HitTest',
    'ParseHTML',
    'EvaluateScript',
    'v8.compile',
    'MinorGC',
    'MajorGC',
    'V8.GC_SCAVENGER',
    'V8.GC_MARK_COMPACTOR',
    'BlinkGC.AtomicPhase',
    'ScheduleStyleRecalculation',
    'RunMicrotasks',
    'v8.run',
    'XHRReadyStateChange',
  ]);
  let stackEnd: number[] = [];
  for (const e of inside) {
    stackEnd = stackEnd.filter((x) => x > e.ts);
    if (!KINDS.has(e.name) || stackEnd.length) continue;
    const k = e.name === 'EventDispatch' ? `EventDispatch ${e.args?.data?.type}` : e.name;
    const v = kinds.get(k) ?? { n: 0, us: 0, cpu: 0 };
    v.n++;
    v.us += e.dur!;
    v.cpu += e.tdur ?? e.dur!;
    kinds.set(k, v);
    stackEnd.push(e.ts + e.dur!);
  }
  const gc = inside.filter((e) => /^(MinorGC|MajorGC|V8\.GC_SCAVENGER|V8\.GC_MARK_COMPACTOR)$/.test(e.name)).reduce((s, e) => s + e.dur!, 0);
  const msgs = inside.filter((e) => e.name === 'EventDispatch' && e.args?.data?.type === 'message').length;
  process.stdout.write(
    `\ntask at ${ms(task.ts - tasks[0].ts)} ms: ${ms(task.dur!)} ms (CPU ${ms(task.tdur ?? task.dur!)} ms); ${msgs} WebSocket messages; GC ${ms(gc)} ms\n`,
  );
  for (const [k, v] of [...kinds].sort((a, b) => b[1].us - a[1].us).slice(0, 8))
    process.stdout.write(`  ${ms(v.us).padStart(7)} ms (CPU ${ms(v.cpu)})  ${v.n} × ${k}\n`);
  const self = new Map<string, number>();
  const within = samples.filter((s) => s.ts >= task.ts && s.ts <= end);
  within.forEach((s, i) => {
    const dt = (within[i + 1]?.ts ?? s.ts) - s.ts;
    const f = nodes.get(s.node)?.fn ?? '?';
    self.set(f, (self.get(f) ?? 0) + dt);
  });
  const top = [...self].sort((a, b) => b[1] - a[1]).slice(0, 6);
  if (top.length) process.stdout.write(`  JS self: ${top.map(([f, us]) => `${f} ${ms(us)}`).join('; ')}\n`);
}
