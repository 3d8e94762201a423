/** Anything holding output until the end of the event-loop turn. */
export interface Flushable {
  flush(): void;
}

const waiting = new Set<Flushable>();
let scheduled = false;

function flushAll(): void {
  scheduled = false;
  const list = [...waiting];
  waiting.clear();
  for (const f of list) f.flush();
}

/**
 * Flushes `f` once the current callback (one NATS socket read, or a replay step) has run, so everything it fans out
 * to a connection leaves in one frame and no event waits for more I/O (a microtask, not setImmediate: measured,
 * setImmediate doubled the batches by also waiting for the poll phase's other reads).
 */
export function flushAtTurnEnd(f: Flushable): void {
  waiting.add(f);
  if (!scheduled) {
    scheduled = true;
    queueMicrotask(flushAll);
  }
}
