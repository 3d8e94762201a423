// Server processes for the edge and HTTP-hook benches: each started as its own `node --import tsx` process,
// awaited until it serves (never a fixed sleep), watched so that one that dies stops the bench with its name,
// exit status and the end of its stderr instead of a stray ENOENT from /proc or a run of errors.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { waitForPort } from '@flywheel/kit/testing';

/** How long a process may take to start; several tsx processes compiling at once on a busy 2-core machine are slow. */
const START_TIMEOUT_MS = Number(process.env.BENCH_START_TIMEOUT_MS ?? 180_000);

export interface Proc {
  readonly name: string;
  readonly pid: number;
  readonly child: ChildProcess;
  /** Resolves once the process serves; rejects naming it if it exits first or does not come up in time. */
  readonly ready: Promise<void>;
  /** Throws naming the process when it has exited. */
  assertAlive(during: string): void;
  /** CPU time (user + system) the process has used so far, in ms (Linux /proc, 10 ms clock ticks). */
  cpuMs(): number;
}

export interface StartOptions {
  /** The port whose accepting connections says the process serves (the kit opens METRICS_PORT once create() is done). */
  readyPort: number;
  /** Node options before `--import tsx` (e.g. --cpu-prof). */
  nodeArgs?: string[];
}

export class Procs {
  private readonly all: Proc[] = [];

  /** `dir` holds each process's data dir (`<name>/`) and stderr (`<name>.stderr`); `env` is added to every process's environment. */
  constructor(
    private readonly dir: string,
    private readonly env: Record<string, string>,
  ) {}

  start(name: string, args: string[], env: Record<string, string>, opts: StartOptions): Proc {
    // Its own data dir: services sharing one SQLite file would race each other's migrations at start.
    const dataDir = join(this.dir, name);
    mkdirSync(dataDir, { recursive: true });
    const errFile = join(this.dir, `${name}.stderr`);
    const errFd = openSync(errFile, 'w');
    const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), '--import', 'tsx', ...args], {
      env: { ...process.env, DATA_DIR: dataDir, ...this.env, ...env },
      stdio: ['ignore', 'ignore', errFd],
    });
    closeSync(errFd);
    if (child.pid === undefined) throw new Error(`${name}: could not be started`);
    const pid = child.pid;
    let exit: string | undefined;
    const tail = () => {
      const text = readFileSync(errFile, 'utf8').trim();
      return text ? `; its stderr ends:\n${text.split('\n').slice(-15).join('\n')}` : ' (nothing on stderr)';
    };
    const died = (during: string) => new Error(`${name} (pid ${pid}) ${exit} ${during}${tail()}`);
    const exited = new Promise<never>((_, reject) =>
      child.once('exit', (code, signal) => {
        exit = signal ? `was killed by ${signal}` : `exited with code ${code}`;
        reject(died('before it was up'));
      }),
    );
    exited.catch(() => undefined);
    const ready = Promise.race([waitForPort(opts.readyPort, START_TIMEOUT_MS), exited]).catch((err: Error) => {
      throw exit ? err : new Error(`${name} (pid ${pid}) did not come up: ${err.message}${tail()}`);
    });
    const assertAlive = (during: string) => {
      if (exit) throw died(during);
    };
    const proc: Proc = {
      name,
      pid,
      child,
      ready,
      assertAlive,
      cpuMs() {
        assertAlive('while its CPU time was read');
        let stat: string;
        try {
          stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        } catch (err) {
          assertAlive('while its CPU time was read');
          throw new Error(`${name} (pid ${pid}): cannot read /proc/${pid}/stat: ${(err as Error).message}`, { cause: err });
        }
        // Fields after the command name (which may hold spaces): state is [0], utime [11], stime [12].
        const f = stat.slice(stat.lastIndexOf(') ') + 2).split(' ');
        return (Number(f[11]) + Number(f[12])) * 10;
      },
    };
    this.all.push(proc);
    return proc;
  }

  /** Throws naming the first process that has exited. */
  assertAllAlive(during: string): void {
    for (const p of this.all) p.assertAlive(during);
  }

  /** SIGTERM to every process still running (SIGKILL after 15 s); resolves when all have exited. */
  async stopAll(): Promise<void> {
    await Promise.all(
      this.all.map(
        ({ child }) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            const force = setTimeout(() => child.kill('SIGKILL'), 15_000);
            child.once('exit', () => (clearTimeout(force), resolve()));
            child.kill('SIGTERM');
          }),
      ),
    );
  }
}
