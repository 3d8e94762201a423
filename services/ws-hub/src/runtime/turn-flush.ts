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
 * Flushes `f` once this turn's I/O callbacks are done (setImmediate runs right after the poll phase), so
 * everything one NATS read fans out to a connection leaves in one frame without waiting for a timer.
 */
export function flushAtTurnEnd(f: Flushable): void {
  waiting.add(f);
  if (!scheduled) {
    scheduled = true;
    setImmediate(flushAll);
  }
}
