import { FleetEvent, streamNameForFamily } from '@flywheel/contracts';
import { decode, readStream, type Logger, type NatsConnection } from '@flywheel/kit';
import type { FleetView } from '../domain/fleet-view.ts';

/**
 * Reads the recent `system.fleet` history (JetStream keeps it), so a runner that starts after a peer
 * died still knows that peer and shows its agents `unknown` instead of not at all.
 */
export async function replayFleet(o: { nc: NatsConnection; view: FleetView; windowMs: number; logger: Logger }): Promise<number> {
  const consumer = await readStream(o.nc, streamNameForFamily('system:fleet'), { time: new Date(Date.now() - o.windowMs) });
  let seen = 0;
  // Nothing in the window (a fresh system): do not wait on an empty stream.
  if ((await consumer.pending()) === 0) return 0;
  for (;;) {
    const m = await consumer.next(1000);
    if (!m) break;
    const e = FleetEvent.safeParse(decode(m.data));
    // Judged by when the runner said it beat, since we were not listening then.
    if (e.success) o.view.observe(e.data, Date.parse(e.data.ts));
    seen++;
    if (m.pending === 0) break;
  }
  o.logger.debug({ seen }, 'fleet history replayed');
  return seen;
}
