// Shared helpers for benchmarks: timing, percentiles, and a result line that shows the ratio to a
// baseline measured in the same run (these machines are shared and noisy; ratios travel, absolutes don't).

export const now = (): number => Number(process.hrtime.bigint()) / 1e6;

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

export interface Rate {
  ops: number;
  ms: number;
  perSec: number;
}

/** Runs `fn` `n` times with up to `concurrency` in flight; returns throughput. */
export async function rate(n: number, concurrency: number, fn: (i: number) => Promise<unknown>): Promise<Rate> {
  let next = 0;
  const t0 = now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) await fn(next++);
    }),
  );
  const ms = now() - t0;
  return { ops: n, ms, perSec: (n / ms) * 1000 };
}

/** Latencies (ms, sorted) of `n` sequential calls. */
export async function latencies(n: number, fn: (i: number) => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = now();
    await fn(i);
    out.push(now() - t0);
  }
  return out.sort((a, b) => a - b);
}

const fmt = (v: number, digits = 1) => (Number.isFinite(v) ? v.toLocaleString('en', { maximumFractionDigits: digits }) : String(v));

/** Prints `name: X/s (ratio R× of baseline B/s) target` — higher is better. */
export function reportRate(name: string, subject: Rate, baseline: Rate, target?: string): void {
  const ratio = subject.perSec / baseline.perSec;
  process.stdout.write(
    `${name}: ${fmt(subject.perSec, 0)}/s = ${ratio.toFixed(2)}× baseline (${fmt(baseline.perSec, 0)}/s)${target ? `  [target ${target}]` : ''}\n`,
  );
}

/** Prints latency percentiles next to a baseline's — lower is better. */
export function reportLatency(name: string, subject: number[], baseline: number[], target?: string): void {
  const p = (a: number[], q: number) => fmt(percentile(a, q), 3);
  const ratio = percentile(subject, 50) / percentile(baseline, 50);
  process.stdout.write(
    `${name}: p50 ${p(subject, 50)} ms, p99 ${p(subject, 99)} ms = ${ratio.toFixed(2)}× baseline p50 (baseline p50 ${p(baseline, 50)} ms, p99 ${p(baseline, 99)} ms)${target ? `  [target ${target}]` : ''}\n`,
  );
}
