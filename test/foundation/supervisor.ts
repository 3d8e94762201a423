import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HealthReport } from '@flywheel/contracts';
import { waitFor } from '@flywheel/kit/testing';

export interface Started {
  proc: ChildProcess;
  stderr: () => string;
  exited: Promise<number | null>;
}

/** Runs `npm start`'s script as a child (node --import tsx scripts/start.ts) with the given env. */
export function runStart(env: Record<string, string>): Started {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  proc.stderr!.on('data', (d) => (err += d));
  const exited = new Promise<number | null>((r) => proc.once('exit', (code) => r(code)));
  return { proc, stderr: () => err, exited };
}

export async function health(base: string): Promise<HealthReport | undefined> {
  const res = await fetch(`${base}/health`).catch(() => undefined);
  return res?.ok ? HealthReport.parse(await res.json()) : undefined;
}

export const waitHealth = (base: string, pred: (h: HealthReport) => boolean, timeoutMs: number, what: string) =>
  waitFor(
    async () => {
      const h = await health(base);
      return h && pred(h) ? h : undefined;
    },
    { timeoutMs, intervalMs: 100, what },
  );

export const pidsOf = (dataDir: string): Record<string, number> =>
  (JSON.parse(readFileSync(join(dataDir, 'supervisor.json'), 'utf8')) as { services: Record<string, number> }).services;

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
