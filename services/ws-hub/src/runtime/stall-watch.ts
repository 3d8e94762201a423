import { streamBounds, type NatsConnection } from '@flywheel/kit';

/**
 * Calls `onStall` when a live read has stalled: no progress over two checks in a row while the stream holds messages
 * after `next()` (the sequence the read waits for). The client library's ordered consumer does not always recover
 * when the node holding it dies: nats.js 3.4 recreates it but keeps the dead pull's pending count, so its next pull
 * asks for 0 messages and the read waits without end (see docs/ws-hub.md, ws-hub ingest).
 */
export function watchStall(nc: NatsConnection, stream: string, next: () => number, onStall: () => void, everyMs: number): { stop(): void } {
  let seen = next();
  let behind = false;
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    const at = next();
    if (at !== seen) {
      seen = at;
      behind = false;
      return;
    }
    busy = true;
    streamBounds(nc, stream)
      .then(({ lastSeq }) => {
        const stalled = lastSeq >= at && next() === at;
        if (stalled && behind) onStall();
        behind = stalled;
      })
      .catch(() => undefined)
      .finally(() => (busy = false));
  }, everyMs);
  return { stop: () => clearInterval(timer) };
}
