/**
 * One NATS request over a raw socket (the text protocol), for the hook's latency: loading the full
 * client costs ≈30 ms per process. Returns 'unsupported' when the server wants TLS or auth (the caller
 * then uses the real client), undefined on no responders, errors or timeout.
 */
import { connect, type Socket } from 'node:net';

const CRLF = '\r\n';
type Outcome = string | 'unsupported' | undefined;

/** What one protocol line means for us: keep reading, need more bytes, or finish with an outcome. */
type Step = { next: number } | { more: true } | { done: Outcome };

function hello(sock: Socket, line: string, inbox: string, subject: string, body: Buffer): Step | undefined {
  const info = JSON.parse(line.slice(5)) as { tls_required?: boolean; auth_required?: boolean; headers?: boolean };
  if (info.tls_required || info.auth_required || !info.headers) return { done: 'unsupported' };
  sock.write(
    `CONNECT {"verbose":false,"pedantic":false,"name":"flywheel-guard","lang":"raw","version":"1","protocol":1,"headers":true,"no_responders":true}${CRLF}` +
      `SUB ${inbox} 1${CRLF}PUB ${subject} ${inbox} ${body.length}${CRLF}`,
  );
  sock.write(Buffer.concat([body, Buffer.from(CRLF)]));
  return undefined;
}

/** A MSG/HMSG frame: the reply payload, or undefined for a 503 no-responders status. */
function message(buf: Buffer, eol: number, line: string): Step {
  const parts = line.split(' ');
  const total = Number(parts.at(-1));
  if (buf.length < eol + 2 + total + 2) return { more: true };
  const data = buf.subarray(eol + 2, eol + 2 + total);
  if (line.startsWith('MSG ')) return { done: data.toString() };
  const hdrLen = Number(parts.at(-2));
  return { done: /^NATS\/1\.0 503/.test(data.subarray(0, hdrLen).toString()) ? undefined : data.subarray(hdrLen).toString() };
}

export async function wireRequest(url: string, subject: string, payload: string, timeoutMs: number): Promise<Outcome> {
  const u = new URL(
    url
      .split(',')[0]
      .trim()
      .replace(/^nats:/, 'http:'),
  );
  if (u.username || u.password || !/^https?:$/.test(u.protocol)) return 'unsupported';
  const inbox = `_INBOX.fwg${process.pid}${Date.now().toString(36)}`;
  const body = Buffer.from(payload);
  return new Promise((resolve) => {
    const sock = connect({ host: u.hostname, port: Number(u.port || 4222) });
    let buf = Buffer.alloc(0);
    const finish = (v: Outcome) => {
      clearTimeout(timer);
      sock.destroy();
      resolve(v);
    };
    const timer = setTimeout(() => finish(undefined), timeoutMs);
    sock.on('error', () => finish(undefined));
    sock.on('data', (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      for (let eol = buf.indexOf(CRLF); eol >= 0; eol = buf.indexOf(CRLF)) {
        const line = buf.subarray(0, eol).toString();
        let step: Step | undefined;
        if (line.startsWith('INFO ')) step = hello(sock, line, inbox, subject, body);
        else if (line === 'PING') sock.write(`PONG${CRLF}`);
        else if (line.startsWith('-ERR')) step = { done: undefined };
        else if (line.startsWith('MSG ') || line.startsWith('HMSG ')) step = message(buf, eol, line);
        if (step && 'done' in step) return finish(step.done);
        if (step && 'more' in step) return;
        buf = buf.subarray(eol + 2);
      }
    });
  });
}
