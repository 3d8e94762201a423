import { z } from 'zod';
import type { KV, Logger } from '@flywheel/kit';

const Lease = z.object({ holder: z.string(), until: z.number() });

export interface LeaderLeaseOptions {
  key: string;
  holder: string;
  leaseMs: number;
  logger: Logger;
  /** Called when this instance becomes the leader and when it stops being one. */
  onChange(leading: boolean): void | Promise<void>;
  now?: () => number;
}

/**
 * One leader among the gateway instances: a lease in a KV key, taken with create (no one holds it) or a
 * compare-and-set on the revision (the holder's lease ran out), renewed every third of its length. A holder
 * that cannot renew steps down before its lease ends, so two leaders never overlap by more than a renewal.
 */
export function runLeaderLease(kv: KV, o: LeaderLeaseOptions) {
  const log = o.logger.child({ mod: 'leader', key: o.key });
  const now = o.now ?? Date.now;
  let leading = false;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let changing: Promise<void> = Promise.resolve();
  const value = () => JSON.stringify({ holder: o.holder, until: now() + o.leaseMs });
  const setLeading = (next: boolean) => {
    if (next === leading) return;
    leading = next;
    log.info({ holder: o.holder }, next ? 'became leader' : 'stepped down');
    changing = changing.then(() => o.onChange(next)).catch((err: Error) => log.error({ err }, 'leader change handler failed'));
  };
  async function attempt(): Promise<boolean> {
    const e = await kv.get(o.key);
    if (!e || e.operation !== 'PUT') {
      await kv.create(o.key, value());
      return true;
    }
    const cur = Lease.safeParse(JSON.parse(e.string() || '{}'));
    if (cur.success && cur.data.holder !== o.holder && cur.data.until > now()) return false;
    await kv.update(o.key, value(), e.revision);
    return true;
  }
  async function tick(): Promise<void> {
    try {
      setLeading(await attempt());
    } catch (err) {
      // Lost a race for the key, or NATS is away: not the leader this round.
      log.debug({ err: (err as Error).message }, 'lease not taken');
      setLeading(false);
    }
    if (!stopped) timer = setTimeout(() => void tick(), Math.max(50, Math.floor(o.leaseMs / 3)));
  }
  void tick();
  return {
    isLeader: () => leading,
    async stop(): Promise<void> {
      stopped = true;
      clearTimeout(timer);
      if (leading) {
        setLeading(false);
        // Hand over at once rather than make the others wait out the lease.
        await kv.delete(o.key).catch(() => undefined);
      }
      await changing;
    },
  };
}
export type LeaderLease = ReturnType<typeof runLeaderLease>;
