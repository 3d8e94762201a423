import { createServer, type RequestListener, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Logger } from '@flywheel/kit';
import { proxyUpgrade } from '../http/ws-proxy.ts';

export interface HttpServer {
  port: number;
  /** Drains: stops accepting, lets in-flight requests finish and closes proxied WebSockets with 1001, for at most `drainMs`. */
  close(drainMs: number): Promise<void>;
}

export interface HttpServerOptions {
  port: number;
  host: string;
  wsHubUrl: string;
  logger: Logger;
  /** Time to receive a whole request, and to get the hub's answer to an upgrade. */
  requestTimeoutMs: number;
  headersTimeoutMs: number;
}

const CLIENT_ERRORS: Record<string, [number, string]> = {
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'Request Timeout'],
  HPE_HEADER_OVERFLOW: [431, 'Request Header Fields Too Large'],
};

/** A malformed or too slow request from a client: an answer in the error envelope if the socket still takes one. */
function onClientError(err: NodeJS.ErrnoException, socket: Duplex): void {
  if (err.code === 'ECONNRESET' || !socket.writable) return void socket.destroy();
  const [status, reason] = CLIENT_ERRORS[err.code ?? ''] ?? [400, 'Bad Request'];
  const body = JSON.stringify({ error: { code: 'BAD_REQUEST', message: `${reason.toLowerCase()}` } });
  socket.end(`HTTP/1.1 ${status} ${reason}\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\nconnection: close\r\n\r\n${body}`);
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms).unref());

/** Listens for the app; `/ws` upgrades go to the ws-hub, any other upgrade is a 404. */
export async function startHttpServer(app: RequestListener, o: HttpServerOptions): Promise<HttpServer> {
  const headersTimeout = Math.min(o.headersTimeoutMs, o.requestTimeoutMs);
  // Node checks those timeouts every connectionsCheckingInterval (30 s by default): check often enough to keep them.
  const connectionsCheckingInterval = Math.min(1000, headersTimeout);
  const server: Server = createServer({ requestTimeout: o.requestTimeoutMs, headersTimeout, connectionsCheckingInterval }, app);
  const sockets = new Set<Socket>();
  const inFlight = new Set<ServerResponse>();
  server.on('connection', (s) => (sockets.add(s), s.on('close', () => sockets.delete(s))));
  server.on('request', (_req, res: ServerResponse) => (inFlight.add(res), res.on('close', () => inFlight.delete(res))));
  server.on('clientError', onClientError);
  const ws = proxyUpgrade(o.wsHubUrl, { logger: o.logger, timeoutMs: o.requestTimeoutMs });
  server.on('upgrade', (req, socket: Duplex, head) => {
    socket.on('error', () => socket.destroy());
    if (new URL(req.url ?? '/', 'http://x').pathname === '/ws') ws.forward(req, socket, head);
    else socket.end('HTTP/1.1 404 Not Found\r\nconnection: close\r\n\r\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host, () => resolve());
  });
  const port = (server.address() as { port: number }).port;
  o.logger.info({ port }, `gateway listening on http://${o.host}:${port}`);
  return {
    port,
    async close(drainMs) {
      const idle = new Promise<void>((r) => server.close(() => r()));
      // Keep-alive sockets close after the reply in progress instead of waiting for another request.
      for (const res of inFlight) {
        if (!res.headersSent) res.setHeader('connection', 'close');
        res.once('finish', () => setImmediate(() => server.closeIdleConnections()));
      }
      server.closeIdleConnections();
      const drained = await Promise.race([Promise.all([idle, ws.closeAll(drainMs)]).then(() => true), sleep(drainMs).then(() => false)]);
      if (!drained) o.logger.warn({ requests: inFlight.size, sockets: sockets.size, drainMs }, 'drain deadline: cutting what is left');
      server.closeAllConnections();
      for (const s of sockets) s.destroy();
    },
  };
}
