import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, mkdirSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { connect } from 'node:net';

export function natsAddress(url: string): { host: string; port: number } {
  const first = url.split(',')[0].trim();
  const u = new URL(first.includes('://') ? first : `nats://${first}`);
  return { host: u.hostname || '127.0.0.1', port: Number(u.port || 4222) };
}

export function isListening(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host, port });
    const done = (ok: boolean) => (s.destroy(), resolve(ok));
    s.setTimeout(timeoutMs, () => done(false));
    s.once('connect', () => done(true));
    s.once('error', () => done(false));
  });
}

export function natsServerOnPath(path = process.env.PATH ?? ''): boolean {
  return path.split(delimiter).some((dir) => {
    try {
      accessSync(join(dir, 'nats-server'), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

export const NO_NATS_HELP = `No NATS server answers and nats-server is not installed. Get one with one of:
  apt-get install nats-server      (Debian/Ubuntu)
  brew install nats-server         (macOS)
  docker compose up nats           (from this repo)
then run npm start again, or point NATS_URL at a running server.`;

/** Starts a JetStream-enabled nats-server under dataDir/nats; resolves once it accepts connections. */
export async function startLocalNats(host: string, port: number, dataDir: string): Promise<ChildProcess> {
  const store = join(dataDir, 'nats');
  mkdirSync(store, { recursive: true });
  const proc = spawn('nats-server', ['-a', host, '-p', String(port), '-js', '-sd', store], { stdio: ['ignore', 'ignore', 'inherit'] });
  const deadline = Date.now() + 10_000;
  while (!(await isListening(host, port, 200))) {
    if (proc.exitCode !== null) throw new Error(`nats-server exited with code ${proc.exitCode}`);
    if (Date.now() > deadline) throw new Error('nats-server did not start within 10 s');
    await new Promise((r) => setTimeout(r, 100));
  }
  return proc;
}
