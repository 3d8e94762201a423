import { request as httpRequest, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WS_CLOSE } from '@flywheel/contracts';
import type { Logger } from '@flywheel/kit';
import { closeFrame, FrameBoundary } from './ws-frames.ts';

export interface WsProxy {
  /** Forwards one `/ws` upgrade to the hub. */
  forward(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Refuses new upgrades, closes every proxied WebSocket with 1001 (going away); resolves when all are gone or after `ms`. */
  closeAll(ms: number): Promise<void>;
}

interface Tunnel {
  goAway(): void;
  closed: Promise<void>;
}

const GOING_AWAY = closeFrame(WS_CLOSE.goingAway, 'gateway shutting down');

/** 503 in the error envelope on a socket that has not been upgraded. */
function unavailable(socket: Duplex, message: string): void {
  if (!socket.writable) return void socket.destroy();
  const body = JSON.stringify({ error: { code: 'UNAVAILABLE', message, details: { retryAfterS: 1 } } });
  socket.end(
    `HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nretry-after: 1\r\nconnection: close\r\n\r\n${body}`,
  );
}

function rawHeaders(res: IncomingMessage): string {
  let out = '';
  for (let i = 0; i < res.rawHeaders.length; i += 2) out += `${res.rawHeaders[i]}: ${res.rawHeaders[i + 1]}\r\n`;
  return out;
}

/**
 * Joins the client's socket to the hub's once the hub accepted the upgrade. Hub → client bytes go through
 * a frame tracker, so a shutdown can send the client a close frame between two of the hub's frames.
 */
function join(client: Duplex, hub: Duplex, hubHead: Buffer, head: Buffer): Tunnel {
  const frames = new FrameBoundary();
  let leaving = false;
  // The tunnel lasts as long as the client's socket; ends pass through, so no close frame is cut off.
  const closed = new Promise<void>((resolve) => client.once('close', () => (hub.destroy(), resolve())));
  hub.once('error', () => client.destroy());
  const farewell = () => {
    client.end(GOING_AWAY);
    hub.destroy();
    // Read (and drop) the client's closing frame, so its FIN is seen and the socket closes.
    client.unpipe(hub);
    client.resume();
  };
  const fromHub = (chunk: Buffer) => {
    if (!leaving) {
      frames.scan(chunk);
      if (!client.write(chunk)) hub.pause();
      return;
    }
    const n = frames.scan(chunk, true);
    if (n) client.write(chunk.subarray(0, n));
    if (frames.atBoundary) farewell();
  };
  client.on('drain', () => hub.resume());
  hub.on('data', fromHub);
  hub.once('end', () => client.end());
  if (hubHead.length) fromHub(hubHead);
  if (head.length) hub.write(head);
  client.pipe(hub);
  return {
    closed,
    goAway() {
      if (leaving) return;
      leaving = true;
      if (frames.atBoundary) farewell();
    },
  };
}

/**
 * Forwards `/ws` upgrades to the ws-hub unchanged (auth happens at the hub). Every socket and stream has
 * an error handler, so a client that aborts mid-handshake costs a socket, never the process. A hub that
 * is down or silent for `timeoutMs` gets the client a 503 before any upgrade.
 */
export function proxyUpgrade(target: string, o: { logger: Logger; timeoutMs: number }): WsProxy {
  const url = new URL(target);
  const tunnels = new Set<Tunnel>();
  let draining = false;
  return {
    forward(req, socket, head) {
      socket.on('error', () => socket.destroy());
      if (draining) return unavailable(socket, 'the gateway is shutting down');
      const upstream = httpRequest({
        host: url.hostname,
        port: url.port,
        path: req.url,
        method: req.method,
        headers: { ...req.headers, 'x-forwarded-for': req.socket.remoteAddress ?? '' },
      });
      const timer = setTimeout(() => upstream.destroy(new Error(`no answer within ${o.timeoutMs} ms`)), o.timeoutMs);
      const abandon = () => upstream.destroy();
      socket.once('close', abandon);
      upstream.on('upgrade', (res, hubSocket, hubHead) => {
        clearTimeout(timer);
        socket.off('close', abandon);
        hubSocket.on('error', () => hubSocket.destroy());
        if (socket.destroyed || draining) return void (hubSocket.destroy(), socket.destroy());
        socket.write(`HTTP/1.1 ${res.statusCode} ${res.statusMessage}\r\n${rawHeaders(res)}\r\n`);
        const t = join(socket, hubSocket, hubHead, head);
        tunnels.add(t);
        void t.closed.then(() => tunnels.delete(t));
      });
      upstream.on('response', (res) => {
        // The hub refused the upgrade (e.g. 401): pass its answer through.
        clearTimeout(timer);
        res.on('error', () => socket.destroy());
        if (socket.destroyed) return void res.resume();
        socket.write(`HTTP/1.1 ${res.statusCode} ${res.statusMessage}\r\n${rawHeaders(res)}\r\n`);
        res.pipe(socket);
      });
      upstream.on('error', (err) => {
        clearTimeout(timer);
        if (socket.destroyed) return;
        o.logger.warn({ err: err.message }, 'ws-hub unreachable');
        unavailable(socket, 'ws-hub is unavailable');
      });
      upstream.end();
    },
    async closeAll(ms) {
      draining = true;
      for (const t of tunnels) t.goAway();
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<void>((r) => (timer = setTimeout(r, ms)));
      await Promise.race([Promise.all([...tunnels].map((t) => t.closed)), late]);
      clearTimeout(timer);
    },
  };
}
