import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { AppError, ClientFrame, newId, WS_CLOSE, type Principal } from '@flywheel/contracts';
import type { Logger } from '@flywheel/kit';
import { clientNameOf, credentialOf, refusalStatus, type CredentialVerifier } from './auth.ts';
import { Connection } from './connection.ts';
import type { Hub } from './hub.ts';
import type { HubMetrics } from './hub-metrics.ts';

export interface ServerOptions {
  heartbeatMs: number;
  maxFrameBytes: number;
  hwmBytes: number;
}

/** HTTP server whose only job is the authenticated `/ws` upgrade; everything else is 426. */
export function createHubServer(hub: Hub, verifier: CredentialVerifier, metrics: HubMetrics, logger: Logger, o: ServerOptions) {
  const log = logger.child({ mod: 'ws' });
  const server: Server = createServer((_req, res) => res.writeHead(426, { connection: 'close' }).end());
  const wss = new WebSocketServer({ noServer: true, maxPayload: o.maxFrameBytes, perMessageDeflate: false });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    if (new URL(req.url ?? '/', 'http://hub').pathname !== '/ws') return refuse(socket, 404, 'NOT_FOUND', 'no such path');
    const credential = credentialOf(req);
    if (!credential) {
      metrics.upgrades.inc({ outcome: 'no_credential' });
      return refuse(socket, 401, 'UNAUTHORIZED', 'a credential is required: Authorization: Bearer <key> or ?token=<ws token>');
    }
    verifier.verify(credential).then(
      (principal) => {
        metrics.upgrades.inc({ outcome: 'ok' });
        wss.handleUpgrade(req, socket, head, (ws) => accept(ws, principal, clientNameOf(req)));
      },
      (e: unknown) => {
        const status = refusalStatus(e);
        metrics.upgrades.inc({ outcome: status === 401 ? 'unauthorized' : 'unavailable' });
        refuse(socket, status, status === 401 ? 'UNAUTHORIZED' : 'UNAVAILABLE', e instanceof AppError ? e.message : 'cannot verify credential');
      },
    );
  });

  function accept(ws: WebSocket, principal: Principal, client: string): void {
    const conn = new Connection(newId('conn'), ws, principal, `${principal.accountId}/${principal.keyId ?? 'key'}/${client}`, o.hwmBytes);
    hub.add(conn);
    log.info({ conn: conn.id, account: principal.accountId, role: principal.role }, 'ws connected');
    conn.sendFrame({ type: 'hello', connectionId: conn.id, serverTime: new Date().toISOString(), heartbeatMs: o.heartbeatMs });
    ws.on('message', (raw: RawData) => onFrame(conn, raw));
    ws.on('error', (err) => log.debug({ conn: conn.id, err: err.message }, 'ws error'));
    ws.on('close', (code: number) => {
      hub.remove(conn);
      metrics.closes.inc({ code: String(conn.closeCode ?? code) });
      log.info({ conn: conn.id, code: conn.closeCode ?? code }, 'ws closed');
    });
  }

  function onFrame(conn: Connection, raw: RawData): void {
    conn.lastSeen = Date.now();
    let json: unknown;
    try {
      json = JSON.parse(raw.toString());
    } catch {
      return conn.sendError(new AppError('BAD_REQUEST', 'frame is not JSON'));
    }
    const parsed = ClientFrame.safeParse(json);
    if (!parsed.success) return conn.sendError(new AppError('BAD_REQUEST', `bad frame: ${parsed.error.issues[0]?.message ?? 'invalid'}`));
    const f = parsed.data;
    try {
      if (f.type === 'ping') return conn.sendFrame({ type: 'pong' });
      if (f.type === 'ack') return hub.ack(conn, f);
    } catch (e) {
      return conn.sendError(e);
    }
    conn.chain = conn.chain.then(
      () => (f.type === 'subscribe' ? hub.subscribe(conn, f) : hub.unsubscribe(conn, f)),
    ).catch((e: unknown) => {
      if (!(e instanceof AppError)) log.error({ err: e, conn: conn.id }, 'frame handling failed');
      conn.sendError(e);
    });
  }

  return {
    server,
    async listen(port: number, host: string): Promise<number> {
      await new Promise<void>((r) => server.listen(port, host, r));
      return (server.address() as { port: number }).port;
    },
    async close(): Promise<void> {
      for (const c of hub.conns) c.close(WS_CLOSE.goingAway, 'server shutting down');
      await new Promise<void>((r) => wss.close(() => r()));
      server.closeAllConnections?.();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

function refuse(socket: Duplex, status: number, code: string, message: string): void {
  const body = JSON.stringify({ error: { code, message } });
  const reason = { 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 503: 'Service Unavailable' }[status] ?? 'Error';
  socket.end(`HTTP/1.1 ${status} ${reason}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
}
