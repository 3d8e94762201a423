import { DeliverPolicy, jetstream } from '@nats-io/jetstream';
import { FleetEvent, streamNameForFamily } from '@flywheel/contracts';
import { decode, type Logger, type NatsConnection } from '@flywheel/kit';
import type { FleetView } from '../domain/fleet-view.ts';

/**
 * Reads the recent `system.fleet` history (JetStream keeps it), so a runner that starts after a peer
 * died still knows that peer and shows its agents `unknown` instead of not at all.
 */
export async function replayFleet(o: { nc: NatsConnection; view: FleetView; windowMs: number; logger: Logger }): Promise<number> {
  const consumer = await jetstream(o.nc).consumers.get(streamNameForFamily('system:fleet'), {
    deliver_policy: DeliverPolicy.StartTime,
    opt_start_time: new Date(Date.now() - o.windowMs).toISOString(),
  });
  let seen = 0;
  // Nothing in the window (a fresh system): do not wait on an empty stream.
  if ((await consumer.info()).num_pending === 0) return 0;
  for (;;) {
    const m = await consumer.next({ expires: 1000 });
    if (!m) break;
    const e = FleetEvent.safeParse(decode(m.data));
    // Judged by when the runner said it beat, since we were not listening then.
    if (e.success) o.view.observe(e.data, Date.parse(e.data.ts));
    seen++;
    if (m.info.pending === 0) break;
  }
  o.logger.debug({ seen }, 'fleet history replayed');
  return seen;
}
