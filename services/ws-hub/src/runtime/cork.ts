import type { Socket } from 'node:net';
import type { WebSocket } from 'ws';

const corked = new Set<Socket>();
let scheduled = false;

function flush(): void {
  scheduled = false;
  for (const s of corked) s.uncork();
  corked.clear();
}

/**
 * Corks a client's TCP socket until the current tick ends, so the frames fanned out from one NATS
 * read leave in one write per client instead of one per frame (ws reaches its socket as `_socket`).
 */
export function corkForTick(ws: WebSocket): void {
  const s = (ws as unknown as { _socket?: Socket })._socket;
  if (!s || corked.has(s)) return;
  s.cork();
  corked.add(s);
  if (!scheduled) {
    scheduled = true;
    process.nextTick(flush);
  }
}
