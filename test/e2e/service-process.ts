import { spawn, type ChildProcess } from 'node:child_process';
import { waitFor } from '@flywheel/kit/testing';

/** A service run as its own process (node --import tsx services/<name>/src/main.ts), its JSON log lines kept. */
export interface ServiceProcess {
  proc: ChildProcess;
  /** Parsed stdout lines so far (pino JSON). */
  lines(): Record<string, unknown>[];
  /** Everything it wrote to stdout so far. */
  stdout(): string;
  exited: Promise<number | null>;
  /** Resolves with the first line that matches (already written or to come). */
  line(match: (l: Record<string, unknown>) => boolean, what: string, timeoutMs?: number): Promise<Record<string, unknown>>;
  /** SIGKILL if still running. */
  kill(): Promise<void>;
}

export async function spawnService(name: string, env: Record<string, string>): Promise<ServiceProcess> {
  const proc = spawn(process.execPath, ['--import', 'tsx', `services/${name}/src/main.ts`], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (err += d));
  const exited = new Promise<number | null>((r) => proc.once('exit', (code) => r(code)));
  const lines = () =>
    out
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  const line = (match: (l: Record<string, unknown>) => boolean, what: string, timeoutMs = 15_000) =>
    waitFor(
      () => {
        if (proc.exitCode !== null) throw new Error(`${name} exited ${proc.exitCode}: ${err}`);
        return lines().find(match);
      },
      { timeoutMs, what: `${name}: ${what}` },
    );
  try {
    await line((l) => l.msg === `${name} started`, 'started', 60_000);
  } catch (err) {
    // Nobody gets a handle to a process that did not start: stop it here, or it outlives the test.
    proc.kill('SIGKILL');
    throw err;
  }
  return {
    proc,
    lines,
    stdout: () => out,
    exited,
    line,
    async kill() {
      if (proc.exitCode !== null || proc.signalCode) return;
      proc.kill('SIGKILL');
      await exited;
    },
  };
}
