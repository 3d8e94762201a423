import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Logger } from '@flywheel/kit';
import { diffPane } from '../../domain/pane-diff.ts';
import type { AgentDriver, DriverSession, DriverSink, DriverSpec } from './driver.ts';
import { killGroup } from './process-tree.ts';
import { withMcpConfig } from '../../domain/agent-env.ts';
import { guardPane, removeAgentHomes, type GuardHookOptions } from './hook-install.ts';
import { limitFromPane } from '../../domain/usage-limit.ts';

const run = promisify(execFile);
/** UTF-16 units per send-keys: at most 12 KiB of UTF-8, under tmux's command size limit. */
const TYPE_CHUNK = 4096;

export interface TmuxDriverOptions {
  socket: string;
  pollMs: number;
  /** Output quiet this long after a send ends the turn (a terminal has no turn boundary). */
  quietMs?: number;
  logger: Logger;
  /** The guard hook for Claude Code or Codex started as the pane's command. */
  guardHook: GuardHookOptions;
}

/** Any terminal program in a real tmux session: capture-pane diffs in, send-keys out. */
export function createTmuxDriver(opts: TmuxDriverOptions): AgentDriver {
  const tmux = (...args: string[]) => run('tmux', ['-L', opts.socket, ...args], { maxBuffer: 32 * 1024 * 1024 });
  return {
    name: 'tmux',
    resumable: false,
    async start(spec: DriverSpec, sink: DriverSink): Promise<DriverSession> {
      const target = `fw-${spec.agentId}`;
      const who = { agentId: spec.agentId, accountId: spec.accountId, projectId: spec.projectId, isolationRoot: spec.isolationRoot };
      const pid = await newSession(tmux, target, { ...spec, ...(await guardPane(opts.guardHook, who, spec.command!, spec.env)) });
      const cleanHomes = () => removeAgentHomes(opts.guardHook, spec.agentId).catch(() => undefined);
      const pane = watchPane({ tmux, target, sink, pollMs: opts.pollMs, quietMs: opts.quietMs ?? 1000, logger: opts.logger, onEnded: cleanHomes });
      const keys = async (...k: string[]) => void (await tmux('send-keys', '-t', target, ...k));
      const type = (text: string) => typeText(keys, text);
      sink.ready();
      if (spec.prompt) {
        sink.turnStarted();
        pane.expectTurn();
        await type(spec.prompt);
        await keys('Enter');
      }
      return {
        pid,
        attachCommand: `tmux -L ${opts.socket} attach -t ${target}`,
        async send(message) {
          pane.expectTurn();
          await type(message);
          await keys('Enter');
        },
        interrupt: () => keys('C-c'),
        async terminate() {
          pane.stop();
          // kill-session hangs up the pane (SIGHUP ends shells); the group kill catches what ignores it.
          await tmux('kill-session', '-t', target).catch(() => undefined);
          await killGroup(pid);
          await cleanHomes();
          sink.exited({ code: null, signal: 'SIGTERM' });
        },
      };
    },
  };
}

type Tmux = (...a: string[]) => Promise<{ stdout: string }>;

/** Starts the agent's command in a new detached session; returns the pane's pid. */
async function newSession(tmux: Tmux, target: string, spec: DriverSpec): Promise<number> {
  const envArgs = Object.entries(spec.env).flatMap(([k, v]) => ['-e', `${k}=${v}`]);
  // A pane stays after its command ends (blank, no "Pane is dead" line) so its last output is still captured:
  // a short command (codex exec) can end between two polls. Set in the same tmux call, before the pane exists.
  await tmux(
    'set-option',
    '-wg',
    'remain-on-exit',
    'on',
    ';',
    'set-option',
    '-wg',
    'remain-on-exit-format',
    '',
    ';',
    'new-session',
    '-d',
    '-s',
    target,
    '-x',
    '200',
    '-y',
    '50',
    '-c',
    spec.workingDirectory,
    ...envArgs,
    '--',
    ...withMcpConfig(spec.command!, spec.env),
  );
  await tmux('set-option', '-t', target, 'history-limit', '100000');
  const { stdout } = await tmux('display-message', '-p', '-t', target, '#{pane_pid}|#{pane_dead}|#{pane_dead_status}');
  const [pid, dead, status] = stdout.trim().split('|');
  // 126/127: the shell could not execute or find the program, so the agent never started (a 400 at spawn).
  if (dead === '1' && (status === '126' || status === '127')) {
    const said = (await tmux('capture-pane', '-p', '-t', target).catch(() => ({ stdout: '' }))).stdout.trim().split('\n')[0];
    await tmux('kill-session', '-t', target).catch(() => undefined);
    throw new Error(said || `${spec.command![0]} exited with status ${status}`);
  }
  return Number(pid);
}

/** tmux refuses a command over ~16 KiB ("command too long"), so long text is typed in pieces. */
async function typeText(keys: (...k: string[]) => Promise<void>, text: string): Promise<void> {
  for (let i = 0; i < text.length;) {
    let end = Math.min(i + TYPE_CHUNK, text.length);
    if (end < text.length && /[\uD800-\uDBFF]/.test(text[end - 1]!)) end -= 1; // keep a surrogate pair whole
    await keys('-l', '--', text.slice(i, end));
    i = end;
  }
}

interface PaneWatch {
  tmux: Tmux;
  target: string;
  sink: DriverSink;
  pollMs: number;
  quietMs: number;
  logger: Logger;
  /** The session ended on its own. */
  onEnded(): void;
}

function watchPane(w: PaneWatch) {
  let emitted: string[] = [];
  let stopped = false;
  let inTurn = false;
  let lastChange = Date.now();
  let lastCapture = '';
  let unreaped = 0;
  const tick = async () => {
    if (stopped) return;
    let capture: string;
    let dead: PaneDeath | undefined;
    try {
      ({ capture, dead } = await capturePane(w.tmux, w.target));
      // tmux marks the pane dead when its terminal closes, and knows the status once the process is reaped: wait a
      // few polls for the status before ending the agent.
      if (dead && dead.status === null && dead.signal === null && ++unreaped < 2) dead = undefined;
    } catch {
      stopped = true;
      w.sink.exited({ code: null, signal: null, reason: 'tmux session ended' });
      w.onEnded();
      return;
    }
    if (capture !== lastCapture) {
      lastCapture = capture;
      lastChange = Date.now();
      if (inTurn) w.sink.activity('working');
    }
    const d = diffPane(emitted, capture, dead !== undefined);
    emitted = d.emitted;
    for (const text of d.lines) {
      w.sink.emit({ type: 'output', stream: 'stdout', text });
      // A Claude Code pane at its usage limit: paused until the reset it names; the turn ends when the pane is quiet.
      const limit = limitFromPane(text, Date.now());
      if (limit) {
        w.sink.emit({ type: 'rate_limit', resetAt: limit.resumeAt, message: limit.message });
        w.sink.usageLimited(limit);
      }
    }
    if (dead) {
      // Its last lines are out; now the pane (kept by remain-on-exit) goes, and the agent with it.
      stopped = true;
      await w.tmux('kill-session', '-t', w.target).catch(() => undefined);
      const how = dead.signal ? `killed by signal ${dead.signal}` : `exited with status ${dead.status ?? '?'}`;
      w.sink.exited({ code: dead.status, signal: dead.signal, reason: `tmux session ended: the pane's command ${how}` });
      w.onEnded();
      return;
    }
    if (inTurn && Date.now() - lastChange >= w.quietMs && (await backAtPrompt())) {
      inTurn = false;
      w.sink.turnEnded();
    }
    if (!stopped) setTimeout(() => void tick(), w.pollMs);
  };
  const backAtPrompt = promptCheck(w);
  setTimeout(() => void tick(), w.pollMs);
  return {
    expectTurn() {
      inTurn = true;
      lastChange = Date.now();
    },
    stop() {
      stopped = true;
    },
  };
}

interface PaneDeath {
  status: number | null;
  signal: string | null;
}

/** The pane's whole text and, in the same tmux call, whether its command has ended (and how). */
async function capturePane(tmux: Tmux, target: string): Promise<{ capture: string; dead?: PaneDeath }> {
  const { stdout } = await tmux(
    'capture-pane',
    '-p',
    '-J',
    '-S',
    '-',
    '-t',
    target,
    ';',
    'display-message',
    '-p',
    '-t',
    target,
    '#{pane_dead}|#{pane_dead_status}|#{pane_dead_signal}',
  );
  const cut = stdout.lastIndexOf('\n', stdout.length - 2);
  const [isDead, status, signal] = stdout
    .slice(cut + 1)
    .trim()
    .split('|');
  const capture = stdout.slice(0, cut + 1);
  if (isDead !== '1') return { capture };
  return { capture, dead: { status: status ? Number(status) : null, signal: signal || null } };
}

/**
 * A quiet pane is idle only once its foreground program is the one it started with: a shell running
 * `sleep 30` is quiet but busy. For a full-screen agent the two are always equal, so quiet decides.
 */
function promptCheck(w: PaneWatch): () => Promise<boolean> {
  let home: string | undefined;
  const foreground = async () => (await w.tmux('display-message', '-p', '-t', w.target, '#{pane_current_command}')).stdout.trim();
  void foreground().then(
    (c) => (home = c),
    () => undefined,
  );
  return async () => {
    try {
      return (await foreground()) === home;
    } catch {
      return true;
    }
  };
}
