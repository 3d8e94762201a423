import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { AppError, WS_CLOSE } from '@flywheel/contracts';
import type { Logger } from '@flywheel/kit';
import type { CredentialVerifier } from '../runtime/credential-verifier.ts';
import type { Hub } from '../runtime/hub.ts';
import type { HubMetrics } from '../runtime/hub-metrics.ts';
import { clientNameOf, credentialOf, refusalStatus } from './upgrade-request.ts';
import { attachSession } from './client-session.ts';

export interface ServerOptions {
  heartbeatMs: number;
  maxFrameBytes: number;
  hwmBytes: number;
}

/** HTTP server whose only job is the authenticated `/ws` upgrade; everything else is 426. */
export function createHubServer(hub: Hub, verifier: CredentialVerifier, metrics: HubMetrics, logger: Logger, o: ServerOptions) {
  const session = { hub, metrics, log: logger.child({ mod: 'ws' }), heartbeatMs: o.heartbeatMs, hwmBytes: o.hwmBytes };
  const server: Server = createServer((_req, res) => res.writeHead(426, { connection: 'close' }).end());
  // maxPayload makes ws close an oversized client frame with 1009.
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
        wss.handleUpgrade(req, socket, head, (ws) => attachSession(session, ws, principal, clientNameOf(req)));
      },
      (e: unknown) => {
        const status = refusalStatus(e);
        metrics.upgrades.inc({ outcome: status === 401 ? 'unauthorized' : 'unavailable' });
        refuse(socket, status, status === 401 ? 'UNAUTHORIZED' : 'UNAVAILABLE', e instanceof AppError ? e.message : 'cannot verify credential');
      },
    );
  });
  return {
    async listen(port: number, host: string): Promise<number> {
      await new Promise<void>((r) => server.listen(port, host, r));
      return (server.address() as { port: number }).port;
    },
    async close(): Promise<void> {
      for (const c of hub.conns) c.close(WS_CLOSE.goingAway, 'server shutting down');
      await new Promise<void>((r) => wss.close(() => r()));
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

function refuse(socket: Duplex, status: number, code: string, message: string): void {
  const body = JSON.stringify({ error: { code, message } });
  const reason = { 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 503: 'Service Unavailable' }[status] ?? 'Error';
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}
