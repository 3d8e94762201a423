import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitForPort } from './free-port.ts';

export const NATS_SERVER_BIN = process.env.NATS_SERVER_BIN ?? 'nats-server';

/** A real nats-server with JetStream on a free port, for one test file. */
export interface TestNats {
  url: string;
  port: number;
  storeDir: string;
  /** kill -9 the server (state on disk survives). */
  kill(): Promise<void>;
  /** Start it again on the same port and store. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export async function startNats(opts: { port?: number } = {}): Promise<TestNats> {
  const port = opts.port ?? (await freePort());
  const storeDir = mkdtempSync(join(tmpdir(), 'fw-nats-'));
  let proc: ChildProcess | undefined;
  const launch = async () => {
    proc = spawn(NATS_SERVER_BIN, ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', storeDir], { stdio: 'ignore' });
    const exited = new Promise<never>((_, rej) => proc!.once('exit', (c) => rej(new Error(`nats-server exited with ${c}`))));
    exited.catch(() => undefined);
    await Promise.race([waitForPort(port), exited]);
  };
  const kill = async () => {
    if (!proc || proc.exitCode !== null || proc.signalCode) return;
    const p = proc;
    await new Promise<void>((r) => {
      p.once('exit', () => r());
      p.kill('SIGKILL');
    });
  };
  await launch();
  return {
    url: `nats://127.0.0.1:${port}`,
    port,
    storeDir,
    kill,
    restart: launch,
    async stop() {
      await kill();
      rmSync(storeDir, { recursive: true, force: true });
    },
  };
}
