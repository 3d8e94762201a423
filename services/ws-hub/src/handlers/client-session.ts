import type { RawData, WebSocket } from 'ws';
import { AppError, badRequestFromZod, ClientFrame, newId, type Principal } from '@flywheel/contracts';
import type { Logger } from '@flywheel/kit';
import { Connection } from '../runtime/connection.ts';
import type { Hub } from '../runtime/hub.ts';
import type { HubMetrics } from '../runtime/hub-metrics.ts';

export interface SessionDeps {
  hub: Hub;
  metrics: HubMetrics;
  log: Logger;
  heartbeatMs: number;
  hwmBytes: number;
}

/** Turns an accepted socket into a hub connection: hello, frame handling, and cleanup on close. */
export function attachSession(d: SessionDeps, ws: WebSocket, principal: Principal, client: string): Connection {
  const conn = new Connection(newId('conn'), ws, principal, `${principal.accountId}/${principal.keyId ?? 'key'}/${client}`, d.hwmBytes);
  d.hub.add(conn);
  d.log.info({ conn: conn.id, account: principal.accountId, role: principal.role }, 'ws connected');
  conn.sendFrame({ type: 'hello', connectionId: conn.id, serverTime: new Date().toISOString(), heartbeatMs: d.heartbeatMs });
  ws.on('message', (raw: RawData) => onFrame(d, conn, raw));
  ws.on('error', (err) => d.log.debug({ conn: conn.id, err: err.message }, 'ws error'));
  ws.on('close', (code: number) => {
    d.hub.remove(conn);
    d.metrics.closes.inc({ code: String(conn.closeCode ?? code) });
    d.log.info({ conn: conn.id, code: conn.closeCode ?? code }, 'ws closed');
  });
  return conn;
}

/** Parses one client frame; a bad one is answered with an error frame and the connection stays open. */
function onFrame(d: SessionDeps, conn: Connection, raw: RawData): void {
  conn.lastSeen = Date.now();
  let json: unknown;
  try {
    json = JSON.parse(raw.toString());
  } catch {
    return conn.sendError(new AppError('BAD_REQUEST', 'frame is not JSON'));
  }
  const parsed = ClientFrame.safeParse(json);
  if (!parsed.success) return conn.sendError(badRequestFromZod(parsed.error, 'frame'));
  const f = parsed.data;
  try {
    if (f.type === 'ping') return conn.sendFrame({ type: 'pong' });
    if (f.type === 'ack') return d.hub.ack(conn, f);
  } catch (e) {
    return conn.sendError(e);
  }
  // Subscribes and unsubscribes run one after another, so a replay never interleaves with the next.
  conn.chain = conn.chain
    .then(() => (f.type === 'subscribe' ? d.hub.subscribe(conn, f) : d.hub.unsubscribe(conn, f)))
    .catch((e: unknown) => {
      if (!(e instanceof AppError)) d.log.error({ err: e, conn: conn.id }, 'frame handling failed');
      conn.sendError(e);
    });
}
