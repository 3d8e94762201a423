/** Sums stored records into the next `system.cost` tick of a window. */
import type { CostTick } from '@flywheel/contracts';
import type { StoredCostRecord } from './cost-record.ts';

export function costTickAccumulator(windowMs: number) {
  let records = 0;
  let cost = 0;
  let divergent = 0;
  let unknown = 0;
  let byModel = new Map<string, { records: number; costMicros: number }>();
  return {
    add(r: StoredCostRecord): void {
      records += 1;
      cost += r.costMicros;
      if (r.divergent) divergent += 1;
      if (r.matchKind === 'unknown') unknown += 1;
      const m = byModel.get(r.model) ?? { records: 0, costMicros: 0 };
      m.records += 1;
      m.costMicros += r.costMicros;
      byModel.set(r.model, m);
    },
    /** The tick of what was added since the last take (top 20 models by cost), then starts over; null when nothing was. */
    take(ts: string): CostTick | null {
      if (records === 0) return null;
      const tick: CostTick = {
        ts,
        windowMs,
        records,
        costMicros: cost,
        divergent,
        unknownModels: unknown,
        byModel: [...byModel]
          .map(([model, v]) => ({ model, ...v }))
          .sort((a, b) => b.costMicros - a.costMicros)
          .slice(0, 20),
      };
      records = cost = divergent = unknown = 0;
      byModel = new Map();
      return tick;
    },
  };
}
