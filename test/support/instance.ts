import { spawn, type ChildProcess } from 'node:child_process';
import type { ServiceName } from '@flywheel/contracts';
import { startService, type RunningService } from '@flywheel/kit';
import { waitForPort } from '@flywheel/kit/testing';
import { DEFINITIONS, processEntry } from './services.ts';

export type Mode = 'in-process' | 'process';
export type Env = Record<string, string | undefined>;

/** One service instance of a stack; its env (ports, data dir) is fixed, so a restart comes back the same. */
export interface Instance {
  readonly id: string;
  readonly name: ServiceName;
  readonly mode: Mode;
  readonly env: Env;
  /** In-process, while up. */
  running?: RunningService;
  /** As a process, while up. */
  child?: ChildProcess;
}

const exited = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;

/** Starts the instance and resolves once it serves: in-process when startService returns, a process once its metrics port listens. */
export async function launch(inst: Instance): Promise<void> {
  if (inst.mode === 'in-process') {
    inst.running = await startService(DEFINITIONS[inst.name] as never, inst.env);
    return;
  }
  const child = spawn(process.execPath, ['--import', 'tsx', processEntry(inst.name)], {
    env: inst.env as NodeJS.ProcessEnv,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  inst.child = child;
  const died = new Promise<never>((_, reject) =>
    child.once('exit', (code, signal) => reject(new Error(`${inst.id} exited (${signal ?? `code ${code}`}) before it was up`))),
  );
  died.catch(() => undefined);
  // The kit opens METRICS_PORT after create() and its subscriptions are flushed: the process is up.
  await Promise.race([waitForPort(Number(inst.env.METRICS_PORT), 30_000), died]);
}

/** Graceful stop: stop() in-process, SIGTERM to a process (SIGKILL after 10 s). */
export async function halt(inst: Instance): Promise<void> {
  const { running, child } = inst;
  inst.running = undefined;
  inst.child = undefined;
  if (running) await running.stop();
  if (child && !exited(child)) {
    await new Promise<void>((resolve) => {
      const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
      child.once('exit', () => (clearTimeout(force), resolve()));
      child.kill('SIGTERM');
    });
  }
}

/** kill -9 of a process instance; its data dir and port stay for a restart. */
export async function kill9(inst: Instance): Promise<void> {
  if (inst.mode !== 'process') throw new Error(`${inst.id} runs in-process: only a process can be killed`);
  const child = inst.child;
  inst.child = undefined;
  if (!child || exited(child)) return;
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}
