/** Aggregates stored records into one `system.cost` tick per interval (none when nothing came in). */
import { costTickEvent, type CostTick } from '@flywheel/contracts';
import { publish, type NatsConnection } from '@flywheel/kit';
import type { StoredCostRecord } from '../domain/index.ts';

export function tickAccumulator(nc: NatsConnection, windowMs: number) {
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
    flush(): CostTick | null {
      if (records === 0) return null;
      const tick: CostTick = {
        ts: new Date().toISOString(), windowMs, records, costMicros: cost, divergent, unknownModels: unknown,
        byModel: [...byModel].map(([model, v]) => ({ model, ...v })).sort((a, b) => b.costMicros - a.costMicros).slice(0, 20),
      };
      records = cost = divergent = unknown = 0;
      byModel = new Map();
      publish(nc, costTickEvent, [], tick);
      return tick;
    },
  };
}
