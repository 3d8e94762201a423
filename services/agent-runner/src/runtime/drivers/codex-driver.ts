import type { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Logger } from '@flywheel/kit';
import { CodexEvent, mapCodexEvent, type CodexMapped, type CodexState } from '../../domain/codex-map.ts';
import { limitFromError } from '../../domain/usage-limit.ts';
import type { AgentDriver, DriverSession, DriverSink, DriverSpec } from './driver.ts';
import { killGroup, spawnGroup } from './process-tree.ts';
import { CODEX_HOOK_TRUST_FLAG, prepareCodexHome, removeAgentHomes, sourceCodexHome, type GuardHookOptions } from './hook-install.ts';

export interface CodexDriverOptions {
  logger: Logger;
  baseEnv: Record<string, string>;
  codexPath: string;
  /** `codex exec --sandbox` mode: the boundary for what the guard allows. */
  sandbox: string;
  /** The guard as Codex's PreToolUse hook, in a CODEX_HOME of the agent's own. */
  guardHook: GuardHookOptions;
}

interface TurnCtx {
  spec: DriverSpec;
  sink: DriverSink;
  opts: CodexDriverOptions;
  state: CodexState;
  log: Logger;
  /** The agent's process env, CODEX_HOME pointing at its own home. */
  env: Record<string, string>;
  ended: { now: boolean };
  /** Set by interrupt: the turn's exit is expected, not an error. */
  interrupted: { now: boolean };
  /** A usage limit paused the turn; the next item lifts it. */
  limited: { now: boolean };
  onChild(c: ChildProcess | undefined): void;
}

const sandboxArgs = (mode: string): string[] => (mode === 'bypass' ? ['--dangerously-bypass-approvals-and-sandbox'] : ['--sandbox', mode]);

/** One `codex exec --json` process for one turn; resolves when it has exited. */
function runTurn(c: TurnCtx, prompt: string): Promise<void> {
  return new Promise<void>((resolve) => {
    c.state.turn++;
    const model = c.spec.model ? ['--model', c.spec.model] : [];
    const resume = c.state.threadId ? ['resume', c.state.threadId] : [];
    const args = ['exec', '--json', '--skip-git-repo-check', CODEX_HOOK_TRUST_FLAG, ...sandboxArgs(c.opts.sandbox), ...model, ...resume, prompt];
    const child = spawnGroup(c.opts.codexPath, args, {
      cwd: c.spec.workingDirectory,
      env: c.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    c.onChild(child);
    let turnEnded = false;
    child.stderr?.on('data', (d: Buffer) => c.log.debug({ stderr: d.toString().slice(0, 500) }, 'codex stderr'));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (!line.startsWith('{')) return;
      const parsed = CodexEvent.safeParse(JSON.parse(line));
      if (!parsed.success) return;
      const m = mapCodexEvent(parsed.data, c.state, c.spec.model ?? 'codex-default');
      if (parsed.data.type === 'thread.started') c.sink.progress({ sessionId: c.state.threadId });
      if (watchLimit(c, parsed.data, m)) turnEnded = true;
      for (const e of m.events) c.sink.emit(e);
      if (m.usage) {
        c.sink.usage(m.usage);
        c.sink.progress({ modelMessage: true });
      }
      if (m.turnEnded) {
        turnEnded = true;
        c.sink.turnEnded(m.turnEnded.error ? { error: m.turnEnded.error } : undefined);
      }
    });
    child.once('error', (err) => c.log.warn({ err: err.message }, 'codex did not start'));
    child.once('close', (code, signal) => {
      c.onChild(undefined);
      const expected = c.interrupted.now || c.ended.now;
      c.interrupted.now = false;
      if (!turnEnded && !expected) c.sink.turnEnded({ error: `codex exited (code ${code}, signal ${signal}) before the turn completed` });
      resolve();
    });
  });
}

/**
 * Codex's rate or usage limit (its `error` retry notices and `turn.failed` name the 429): the agent pauses at the reset
 * the message names (else a minute); a turn that failed at the limit ends without an error, so the runner resumes it.
 * Returns true when it ended the turn.
 */
function watchLimit(c: TurnCtx, e: CodexEvent, m: CodexMapped): boolean {
  const text = e.type === 'error' ? e.message : e.type === 'turn.failed' ? e.error?.message : undefined;
  const limit = text ? limitFromError(text, Date.now()) : undefined;
  if (limit) {
    // Reported as the limit (a rate_limit event), not as an error.
    m.events = m.events.filter((x) => x.type !== 'error');
    c.limited.now = true;
    c.sink.emit({ type: 'rate_limit', resetAt: limit.resumeAt, message: limit.message });
    c.sink.usageLimited(limit);
    if (e.type !== 'turn.failed') return false;
    m.turnEnded = undefined;
    c.sink.turnEnded();
    return true;
  }
  if (c.limited.now && (e.type.startsWith('item.') || e.type === 'turn.completed')) {
    c.limited.now = false;
    c.sink.usageLimitLifted();
  }
  return false;
}

/**
 * Codex through `codex exec --json`: one process per turn, later turns `exec resume <thread>`.
 * Interrupt is SIGINT to the turn's process group; terminate kills it.
 * Every shell call and apply_patch passes the guard: Codex's PreToolUse hook, written into a CODEX_HOME of the
 * agent's own (the user's home is only read); a deny reaches the model as the tool's result with the reason.
 */
export function createCodexDriver(opts: CodexDriverOptions): AgentDriver {
  return {
    name: 'codex',
    resumable: false,
    async start(spec: DriverSpec, sink: DriverSink): Promise<DriverSession> {
      let current: ChildProcess | undefined;
      const env = { ...opts.baseEnv, ...spec.env };
      const who = { agentId: spec.agentId, accountId: spec.accountId, projectId: spec.projectId, isolationRoot: spec.isolationRoot };
      env.CODEX_HOME = await prepareCodexHome(opts.guardHook, who, sourceCodexHome(env));
      const ctx: TurnCtx = {
        env,
        spec,
        sink,
        opts,
        log: opts.logger.child({ agentId: spec.agentId }),
        ended: { now: false },
        interrupted: { now: false },
        limited: { now: false },
        state: { turn: 0, started: new Map(), totals: { input: 0, cached: 0, cacheWrite: 0, output: 0 } },
        onChild: (c) => (current = c),
      };
      let chain: Promise<void> = Promise.resolve();
      const send = (text: string) => void (chain = chain.then(() => runTurn(ctx, text)));
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
          const child = current;
          if (!child?.pid) return;
          ctx.interrupted.now = true;
          // Resolve once the turn's process is gone, so a send right after starts a clean turn.
          const closed = new Promise<void>((r) => child.once('close', () => r()));
          process.kill(-child.pid, 'SIGINT');
          await Promise.race([closed, new Promise((r) => setTimeout(r, 5000))]);
          if (child.exitCode === null && child.signalCode === null) await killGroup(child.pid);
        },
        async terminate() {
          ctx.ended.now = true;
          if (current?.pid) await killGroup(current.pid);
          await removeAgentHomes(opts.guardHook, spec.agentId).catch(() => undefined);
          sink.exited({ code: null, signal: 'SIGTERM' });
        },
      };
    },
  };
}
