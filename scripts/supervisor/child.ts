import { spawn, type ChildProcess } from 'node:child_process';
import { EXIT_CONFIG } from '@flywheel/kit';
import type { ServiceSpec } from './services.ts';

export interface ChildEvents {
  onSpawn(name: string, pid: number): void;
  onFatal(name: string, code: number): void;
  log(msg: string): void;
}

/**
 * Keeps one service running: restarts it after a crash with exponential backoff (0.5 s → 10 s,
 * reset after 30 s of uptime), gives up only on a configuration error.
 */
export class SupervisedChild {
  proc?: ChildProcess;
  private stopping = false;
  private backoff = 500;
  private startedAt = 0;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly spec: ServiceSpec,
    private readonly env: NodeJS.ProcessEnv,
    private readonly events: ChildEvents,
  ) {}

  start(): void {
    this.startedAt = Date.now();
    const proc = spawn(process.execPath, ['--import', 'tsx', this.spec.entry], {
      env: { ...this.env, FLYWHEEL_SUPERVISED: '1' },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    this.proc = proc;
    this.events.onSpawn(this.spec.name, proc.pid ?? -1);
    proc.once('exit', (code, signal) => this.onExit(code, signal));
  }

  private onExit(code: number | null, signal: NodeJS.Signals | null): void {
    if (this.stopping) return;
    if (code === EXIT_CONFIG) return this.events.onFatal(this.spec.name, code);
    if (Date.now() - this.startedAt > 30_000) this.backoff = 500;
    this.events.log(`${this.spec.name} exited (${signal ?? `code ${code}`}); restarting in ${this.backoff} ms`);
    this.timer = setTimeout(() => this.start(), this.backoff);
    this.backoff = Math.min(this.backoff * 2, 10_000);
  }

  /** SIGTERM, then SIGKILL after graceMs. */
  async stop(graceMs = 10_000): Promise<void> {
    this.stopping = true;
    clearTimeout(this.timer);
    const p = this.proc;
    if (!p || p.exitCode !== null || p.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      const kill = setTimeout(() => p.kill('SIGKILL'), graceMs);
      p.once('exit', () => (clearTimeout(kill), resolve()));
      p.kill('SIGTERM');
    });
  }
}
