import type { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Logger } from '@flywheel/kit';
import { CodexEvent, mapCodexEvent, type CodexState } from '../domain/codex-map.ts';
import type { AgentDriver, DriverSession, DriverSink, DriverSpec } from './driver.ts';
import { killGroup, spawnGroup } from './process-tree.ts';

export interface CodexDriverOptions {
  logger: Logger;
  baseEnv: Record<string, string>;
  codexPath: string;
  /** `codex exec --sandbox` mode; exec has no approval callback, so the sandbox is the tool boundary. */
  sandbox: string;
}

/**
 * Codex through `codex exec --json`: one process per turn, later turns `exec resume <thread>`.
 * Interrupt is SIGINT to the turn's process group; terminate kills it.
 */
export function createCodexDriver(opts: CodexDriverOptions): AgentDriver {
  return {
    name: 'codex',
    resumable: false,
    async start(spec: DriverSpec, sink: DriverSink): Promise<DriverSession> {
      const state: CodexState = { turn: 0, started: new Map(), totals: { input: 0, cached: 0, cacheWrite: 0, output: 0 } };
      const log = opts.logger.child({ agentId: spec.agentId });
      let current: ChildProcess | undefined;
      let chain: Promise<void> = Promise.resolve();
      let ended = false;
      const runTurn = (prompt: string) => new Promise<void>((resolve) => {
        state.turn++;
        const model = spec.model ? ['--model', spec.model] : [];
        const resume = state.threadId ? ['resume', state.threadId] : [];
        const args = ['exec', '--json', '--skip-git-repo-check', ...sandboxArgs(opts.sandbox), ...model, ...resume, prompt];
        const child = spawnGroup(opts.codexPath, args, { cwd: spec.workingDirectory, env: { ...opts.baseEnv, ...spec.env }, stdio: ['ignore', 'pipe', 'pipe'] });
        current = child;
        let turnEnded = false;
        child.stderr?.on('data', (d: Buffer) => log.debug({ stderr: d.toString().slice(0, 500) }, 'codex stderr'));
        createInterface({ input: child.stdout! }).on('line', (line) => {
          const parsed = line.startsWith('{') ? CodexEvent.safeParse(JSON.parse(line)) : undefined;
          if (!parsed?.success) return;
          const m = mapCodexEvent(parsed.data, state, spec.model ?? 'codex-default');
          if (parsed.data.type === 'thread.started') sink.progress({ sessionId: state.threadId });
          for (const e of m.events) sink.emit(e);
          if (m.usage) sink.usage(m.usage);
          if (m.usage) sink.progress({ modelMessage: true });
          if (m.turnEnded) {
            turnEnded = true;
            sink.turnEnded(m.turnEnded.error ? { error: m.turnEnded.error } : undefined);
          }
        });
        child.once('error', (err) => log.warn({ err: err.message }, 'codex did not start'));
        child.once('close', (code, signal) => {
          current = undefined;
          if (!turnEnded && !ended) sink.turnEnded(signal === 'SIGINT' ? undefined : { error: `codex exited (code ${code}, signal ${signal}) before the turn completed` });
          resolve();
        });
      });
      const send = (text: string) => {
        chain = chain.then(() => runTurn(text));
      };
      sink.ready();
      if (spec.prompt) {
        sink.turnStarted();
        send(spec.prompt);
      }
      return {
        get pid() {
          return current?.pid;
        },
        send: async (m) => send(m),
        async interrupt() {
          if (current?.pid) process.kill(-current.pid, 'SIGINT');
        },
        async terminate() {
          ended = true;
          if (current?.pid) await killGroup(current.pid);
          sink.exited({ code: null, signal: 'SIGTERM' });
        },
      };
    },
  };
}

const sandboxArgs = (mode: string): string[] => (mode === 'bypass' ? ['--dangerously-bypass-approvals-and-sandbox'] : ['--sandbox', mode]);
