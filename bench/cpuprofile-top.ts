// Prints the functions with the most self time in a V8 .cpuprofile (as written by BENCH_CPU_PROFILE in
// dashboard-latency.bench.ts, or node --cpu-prof), with their total (inclusive) time: `node --import tsx
// bench/cpuprofile-top.ts file.cpuprofile [rows]`.
import { readFileSync } from 'node:fs';

type Node = { id: number; callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number }; children?: number[] };
const [file, rowsArg] = process.argv.slice(2);
const p = JSON.parse(readFileSync(file, 'utf8')) as { nodes: Node[]; samples: number[]; timeDeltas: number[] };
const byId = new Map(p.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const name = (n: Node) =>
  `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber + 1}:${n.callFrame.columnNumber + 1}`;
const self = new Map<string, number>();
const total = new Map<string, number>();
let all = 0;
p.samples.forEach((id, i) => {
  const dt = (p.timeDeltas[i + 1] ?? 0) / 1000;
  all += dt;
  const n = byId.get(id)!;
  self.set(name(n), (self.get(name(n)) ?? 0) + dt);
  const seen = new Set<string>();
  for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
    const k = name(byId.get(cur)!);
    if (!seen.has(k)) total.set(k, (total.get(k) ?? 0) + dt);
    seen.add(k);
  }
});
const rows = Number(rowsArg ?? 30);
const fmt = (ms: number) => `${ms.toFixed(0).padStart(7)} ms ${((100 * ms) / all).toFixed(1).padStart(5)}%`;
process.stdout.write(`profile: ${all.toFixed(0)} ms\n\nself time:\n`);
for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, rows)) process.stdout.write(`${fmt(v)}  ${k}\n`);
process.stdout.write(`\ntotal time:\n`);
for (const [k, v] of [...total].sort((a, b) => b[1] - a[1]).slice(0, rows)) process.stdout.write(`${fmt(v)}  ${k}\n`);
