/** One completion as stored facts tell it. */
export interface Completion {
  taskId: string;
  type: string;
  createdAt: string;
  /** When it last went in_progress before it was done (none: done straight from open). */
  claimedAt?: string;
  doneAt: string;
  costUsd: number;
  /** Facts of other services and of git about the work on it (0 when unknown). */
  agentHours?: number;
  toolCalls?: number;
  guardBlocks?: number;
  linesChanged?: number;
  merged?: boolean;
}

export interface Percentiles {
  count: number;
  p50?: number;
  p90?: number;
  max?: number;
}

/** Nearest-rank percentiles of durations in seconds. */
export function percentiles(values: readonly number[]): Percentiles {
  if (!values.length) return { count: 0 };
  const v = [...values].sort((a, b) => a - b);
  const at = (p: number) => v[Math.max(0, Math.ceil((p / 100) * v.length) - 1)];
  return { count: v.length, p50: at(50), p90: at(90), max: v.at(-1) };
}

const seconds = (from: string, to: string) => Math.max(0, (Date.parse(to) - Date.parse(from)) / 1000);
const round = (usd: number) => Math.round(usd * 1e6) / 1e6;

export interface VelocityBucket {
  completed: number;
  reopened: number;
  leadTimeS: Percentiles;
  cycleTimeS: Percentiles;
  costUsd: number;
  costPerTaskUsd?: number;
  byType: Record<string, { completed: number; costUsd: number; costPerTaskUsd: number }>;
  agentHours: number;
  toolCalls: number;
  guardBlocks: number;
  linesChanged: number;
  merges: number;
}

function bucket(done: readonly Completion[], reopened: number): VelocityBucket {
  const costUsd = round(done.reduce((a, c) => a + c.costUsd, 0));
  const byType: VelocityBucket['byType'] = {};
  for (const c of done) {
    const t = (byType[c.type] ??= { completed: 0, costUsd: 0, costPerTaskUsd: 0 });
    t.completed++;
    t.costUsd = round(t.costUsd + c.costUsd);
    t.costPerTaskUsd = round(t.costUsd / t.completed);
  }
  return {
    completed: done.length,
    reopened,
    leadTimeS: percentiles(done.map((c) => seconds(c.createdAt, c.doneAt))),
    cycleTimeS: percentiles(done.flatMap((c) => (c.claimedAt ? [seconds(c.claimedAt, c.doneAt)] : []))),
    costUsd,
    ...(done.length ? { costPerTaskUsd: round(costUsd / done.length) } : {}),
    byType,
    agentHours: Math.round(done.reduce((a, c) => a + (c.agentHours ?? 0), 0) * 1e4) / 1e4,
    toolCalls: done.reduce((a, c) => a + (c.toolCalls ?? 0), 0),
    guardBlocks: done.reduce((a, c) => a + (c.guardBlocks ?? 0), 0),
    linesChanged: done.reduce((a, c) => a + (c.linesChanged ?? 0), 0),
    merges: done.filter((c) => c.merged).length,
  };
}

/** Per UTC day (only days with something) and in total: completions, lead and cycle times, cost per task and type, rework. */
export function velocity(done: readonly Completion[], reopenedAt: readonly string[]): { days: (VelocityBucket & { day: string })[]; total: VelocityBucket } {
  const days = [...new Set([...done.map((c) => c.doneAt.slice(0, 10)), ...reopenedAt.map((r) => r.slice(0, 10))])].sort();
  return {
    days: days.map((day) => ({
      day,
      ...bucket(
        done.filter((c) => c.doneAt.startsWith(day)),
        reopenedAt.filter((r) => r.startsWith(day)).length,
      ),
    })),
    total: bucket(done, reopenedAt.length),
  };
}
