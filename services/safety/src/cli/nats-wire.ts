/**
 * One NATS request over a raw socket (the text protocol), for the hook's latency: loading the full
 * client costs ≈30 ms per process. Returns 'unsupported' when the server wants TLS or auth (the caller
 * then uses the real client), undefined on no responders, errors or timeout.
 */
import { connect } from 'node:net';

const CRLF = '\r\n';

export async function wireRequest(url: string, subject: string, payload: string, timeoutMs: number): Promise<string | 'unsupported' | undefined> {
  const u = new URL(url.split(',')[0].trim().replace(/^nats:/, 'http:'));
  if (u.username || u.password || !/^https?:$/.test(u.protocol)) return 'unsupported';
  return new Promise((resolve) => {
    const inbox = `_INBOX.fwg${process.pid}${Date.now().toString(36)}`;
    const sock = connect({ host: u.hostname, port: Number(u.port || 4222) });
    let buf = Buffer.alloc(0);
    let sent = false;
    const done = (v: string | 'unsupported' | undefined) => {
      clearTimeout(timer);
      sock.destroy();
      resolve(v);
    };
    const timer = setTimeout(() => done(undefined), timeoutMs);
    sock.on('error', () => done(undefined));
    sock.on('data', (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      for (;;) {
        const eol = buf.indexOf(CRLF);
        if (eol < 0) return;
        const line = buf.subarray(0, eol).toString();
        if (line.startsWith('INFO ')) {
          const info = JSON.parse(line.slice(5)) as { tls_required?: boolean; auth_required?: boolean; headers?: boolean };
          if (info.tls_required || info.auth_required || !info.headers) return done('unsupported');
          const body = Buffer.from(payload);
          sock.write(`CONNECT {"verbose":false,"pedantic":false,"name":"flywheel-guard","lang":"raw","version":"1","protocol":1,"headers":true,"no_responders":true}${CRLF}` +
            `SUB ${inbox} 1${CRLF}PUB ${subject} ${inbox} ${body.length}${CRLF}`);
          sock.write(Buffer.concat([body, Buffer.from(CRLF)]));
          sent = true;
        } else if (line === 'PING') sock.write(`PONG${CRLF}`);
        else if (line.startsWith('-ERR')) return done(undefined);
        else if (sent && (line.startsWith('MSG ') || line.startsWith('HMSG '))) {
          const parts = line.split(' ');
          const total = Number(parts.at(-1));
          if (buf.length < eol + 2 + total + 2) return;
          const data = buf.subarray(eol + 2, eol + 2 + total);
          if (line.startsWith('MSG ')) return done(data.toString());
          const hdrLen = Number(parts.at(-2));
          const headers = data.subarray(0, hdrLen).toString();
          return done(/^NATS\/1\.0 503/.test(headers) ? undefined : data.subarray(hdrLen).toString());
        }
        buf = buf.subarray(eol + 2);
      }
    });
  });
}
