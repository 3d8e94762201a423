import { request as httpRequest, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from '@flywheel/kit';

/**
 * Forwards a `/ws` upgrade to the ws-hub unchanged (auth happens at the hub), then pipes both
 * sockets. If the hub is down the client gets a 503 before any upgrade.
 */
export function proxyUpgrade(target: string, logger: Logger) {
  const url = new URL(target);
  return (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const upstream = httpRequest({
      host: url.hostname,
      port: url.port,
      path: req.url,
      method: req.method,
      headers: { ...req.headers, 'x-forwarded-for': req.socket.remoteAddress ?? '' },
    });
    upstream.on('upgrade', (res, hubSocket, hubHead) => {
      socket.write(`HTTP/1.1 ${res.statusCode} ${res.statusMessage}\r\n${rawHeaders(res)}\r\n`);
      if (hubHead.length) socket.write(hubHead);
      if (head.length) hubSocket.write(head);
      hubSocket.pipe(socket).pipe(hubSocket);
      const close = () => (hubSocket.destroy(), socket.destroy());
      hubSocket.on('error', close);
      socket.on('error', close);
    });
    upstream.on('response', (res) => {
      // The hub refused the upgrade (e.g. 401): pass its answer through.
      socket.write(`HTTP/1.1 ${res.statusCode} ${res.statusMessage}\r\n${rawHeaders(res)}\r\n`);
      res.pipe(socket);
    });
    upstream.on('error', (err) => {
      logger.warn({ err: err.message }, 'ws-hub unreachable');
      const body = JSON.stringify({ error: { code: 'UNAVAILABLE', message: 'ws-hub is unavailable' } });
      socket.end(`HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
    });
    upstream.end();
  };
}

function rawHeaders(res: IncomingMessage): string {
  let out = '';
  for (let i = 0; i < res.rawHeaders.length; i += 2) out += `${res.rawHeaders[i]}: ${res.rawHeaders[i + 1]}\r\n`;
  return out;
}
