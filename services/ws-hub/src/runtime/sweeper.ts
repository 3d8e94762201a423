import { WS_CLOSE } from '@flywheel/contracts';
import type { HubLog } from '../domain/hub-log.ts';
import type { Hub } from './hub.ts';
import type { HubMetrics } from './hub-metrics.ts';

export interface SweeperOptions {
  heartbeatMs: number;
  clientTimeoutMs: number;
  stallMs: number;
}

/**
 * Two timers for all connections: a fast one that ends dropping episodes (or closes a reader
 * stalled past `stallMs` with 1013) and samples queue sizes, and the heartbeat, which also closes
 * clients silent for `clientTimeoutMs` with 1001.
 */
export function startSweeper(hub: Hub, log: HubLog, metrics: HubMetrics, o: SweeperOptions): { stop(): void } {
  let peak = 0;
  const fast = setInterval(
    () => {
      let total = 0;
      const now = Date.now();
      for (const c of hub.conns) {
        const b = c.buffered;
        total += b;
        if (b > peak) peak = b;
        if (!c.dropping) continue;
        if (c.resumeIfDrained()) continue;
        if (now - c.dropping.at > o.stallMs) c.close(WS_CLOSE.tryAgainLater, 'send queue stalled');
      }
      metrics.queueBytes.set(total);
      metrics.queuePeakBytes.set(peak);
      metrics.ringEvents.set(log.size);
    },
    Math.min(100, o.heartbeatMs),
  );
  const beat = setInterval(() => {
    const now = Date.now();
    const frame = JSON.stringify({ type: 'heartbeat' });
    for (const c of hub.conns) {
      if (now - c.lastSeen > o.clientTimeoutMs) c.close(WS_CLOSE.goingAway, 'client silent');
      else if (!c.dropping && !c.overHighWater) c.sendRaw(frame);
    }
  }, o.heartbeatMs);
  return {
    stop() {
      clearInterval(fast);
      clearInterval(beat);
    },
  };
}
