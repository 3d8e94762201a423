/**
 * Aggregates stored records into `system.cost` ticks: one per account per interval (none when
 * nothing came in), published with x-account-id so the hub shows each to its own account.
 */
import { costTickEvent, type CostTick } from '@flywheel/contracts';
import { publish, type NatsConnection } from '@flywheel/kit';
import { costTickAccumulator, type StoredCostRecord } from '../domain/index.ts';

export function tickAccumulator(nc: NatsConnection, windowMs: number) {
  const byAccount = new Map<string, ReturnType<typeof costTickAccumulator>>();
  return {
    add(r: StoredCostRecord): void {
      const key = r.accountId ?? '';
      let acc = byAccount.get(key);
      if (!acc) byAccount.set(key, (acc = costTickAccumulator(windowMs)));
      acc.add(r);
    },
    flush(): CostTick[] {
      const ts = new Date().toISOString();
      const ticks: CostTick[] = [];
      for (const [accountId, acc] of byAccount) {
        const tick = acc.take(ts);
        if (!tick) continue;
        const owned = accountId ? { ...tick, accountId } : tick;
        publish(nc, costTickEvent, [], owned, { accountId: accountId || undefined });
        ticks.push(owned);
      }
      byAccount.clear();
      return ticks;
    },
  };
}
