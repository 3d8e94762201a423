import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { constants } from 'node:os';
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
  /** Waits on a channel; bounded, in case the pane is gone before it signals. */
  const waitFor = (channel: string) => run('tmux', ['-L', opts.socket, 'wait-for', channel], { timeout: 10_000 }).then(() => undefined);
  return {
    name: 'tmux',
    resumable: false,
    async start(spec: DriverSpec, sink: DriverSink): Promise<DriverSession> {
      const target = `fw-${spec.agentId}`;
      const who = { agentId: spec.agentId, accountId: spec.accountId, projectId: spec.projectId, isolationRoot: spec.isolationRoot };
      const guarded = { ...spec, ...(await guardPane(opts.guardHook, who, spec.command!, spec.env)) };
      const argv = argvOf(withMcpConfig(guarded.command, guarded.env));
      const pid = await newSession(tmux, waitFor, target, spec.agentId, argv, guarded);
      const cleanHomes = () => removeAgentHomes(opts.guardHook, spec.agentId).catch(() => undefined);
      const pane = watchPane({
        tmux,
        target,
        pid,
        program: argv[0]!,
        channel: spec.agentId,
        sink,
        pollMs: opts.pollMs,
        quietMs: opts.quietMs ?? 1000,
        logger: opts.logger,
        onEnded: cleanHomes,
      });
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

/**
 * The pane's command runs under this POSIX sh wrapper (the pane's own process), which keeps the pane's terminal
 * open until the driver has read the command's last output. Without it a command that prints and ends at once can
 * lose its last lines: tmux drops the pane's terminal when its process is reaped, unread output and all.
 *  - `$1` names the agent's wait channels, the command follows. A program the shell cannot find or run is reported
 *    as `@fw_nostart` (out of band, before `fw-started-<id>` is signalled) and never started: a 400 at spawn.
 *  - After the command ends the wrapper writes its exit status as the pane's title (OSC 2, `fw-exit:<id>:<status>`)
 *    to the terminal. That is in band: once tmux shows the title, everything the command wrote before it is on the
 *    screen, so the driver's capture in the same tmux call is complete.
 *  - It then waits on `fw-drained-<id>` (signalled by the driver after that capture) and exits with the status.
 *    A runner restart kills the pane's process group (restart recovery), so a pane left waiting does not stay.
 *  - `trap : INT QUIT`: ^C and ^\ typed in the pane reach the command (a caught trap resets to the default in it);
 *    the wrapper stays to report the end. SIGHUP (kill-session) and SIGTERM end it as before.
 */
const PANE_WRAPPER = String.raw`id=$1; shift
trap : INT QUIT
case $1 in */*) p=$1 ;; *) p=$(command -v -- "$1") ;; esac
why=
case $p in
  '') why='not found' ;;
  */*) if [ ! -e "$p" ]; then why='not found'; elif [ -d "$p" ] || [ ! -x "$p" ]; then why='permission denied'; fi ;;
esac
if [ -n "$why" ]; then
  tmux set-option -p -t "$TMUX_PANE" @fw_nostart "$1: $why" \; wait-for -S "fw-started-$id"
  exit 127
fi
tmux wait-for -S "fw-started-$id"
"$@"
s=$?
printf '\033]2;fw-exit:%s:%s\033\\' "$id" "$s"
tmux wait-for "fw-drained-$id"
exit "$s"`;

/** A one-string command is a shell command line (as tmux runs it); a plain program name runs as it is. */
function argvOf(command: string[]): string[] {
  if (command.length === 1 && /[^\w@%+=:,./-]/.test(command[0]!)) return ['/bin/sh', '-c', command[0]!];
  return command;
}

/** Starts the agent's command in a new detached session; returns the pane's pid. */
async function newSession(
  tmux: Tmux,
  waitFor: (channel: string) => Promise<void>,
  target: string,
  channel: string,
  argv: string[],
  spec: DriverSpec,
): Promise<number> {
  const envArgs = Object.entries(spec.env).flatMap(([k, v]) => ['-e', `${k}=${v}`]);
  // The pane stays after its process ends (blank, no "Pane is dead" line): a wrapper killed before it reports still
  // leaves its screen to read. Set in the same tmux call, before the pane exists.
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
    '/bin/sh',
    '-c',
    PANE_WRAPPER,
    'fw-pane',
    channel,
    ...argv,
  );
  await tmux('set-option', '-t', target, 'history-limit', '100000');
  // The wrapper signals once it has checked the program; bounded in case the pane is gone before it could.
  await waitFor(`fw-started-${channel}`).catch(() => undefined);
  const { stdout } = await tmux('display-message', '-p', '-t', target, '#{pane_pid}|#{@fw_nostart}');
  const [pid, ...nostart] = stdout.trim().split('|');
  // The shell could not find or execute the program, so the agent never started (a 400 at spawn).
  if (nostart.join('|')) {
    await tmux('kill-session', '-t', target).catch(() => undefined);
    throw new Error(nostart.join('|'));
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
  /** The wrapper's wait channels: fw-drained-<channel>. */
  channel: string;
  /** The pane's process: the wrapper. */
  pid: number;
  /** The program the wrapper runs. */
  program: string;
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
  const tick = async () => {
    if (stopped) return;
    let capture: string;
    let dead: PaneDeath | undefined;
    try {
      ({ capture, dead } = await capturePane(w.tmux, w.target, w.channel));
      // The wrapper killed from outside while its command lives on: tmux marks the pane dead once it reaps the
      // wrapper, and tmux 3.3 at times notices that only at its next child's exit. A zombie wrapper is an end too.
      dead ??= await zombie(w.pid);
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
      // Its last lines are out: the agent ends first (its pid, the wrapper, is still alive so the reaper cannot come
      // first), then the wrapper is let go and the pane (kept by remain-on-exit) goes.
      stopped = true;
      const how = dead.signal ? `killed by signal ${dead.signal}` : dead.status === null ? 'ended' : `exited with status ${dead.status}`;
      w.sink.exited({ code: dead.status, signal: dead.signal, reason: `tmux session ended: the pane's command ${how}` });
      await w.tmux('wait-for', '-S', `fw-drained-${w.channel}`, ';', 'kill-session', '-t', w.target).catch(() => undefined);
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

const SIGNAL_NAMES = new Map(Object.entries(constants.signals).map(([name, n]) => [n, name]));

/** A shell's exit status: 128+n is "killed by signal n" (the wrapper's shell cannot tell it from `exit 128+n`). */
function deathOf(status: number): PaneDeath {
  const signal = status > 128 ? SIGNAL_NAMES.get(status - 128) : undefined;
  return signal ? { status: null, signal } : { status, signal: null };
}

/**
 * The pane's whole text and, in the same tmux call, whether its command has ended (and how): the wrapper's in-band
 * `fw-exit:<channel>:<status>` title, read before the capture, means every line before it is in that capture.
 * A pane dead without it (the wrapper itself killed) is read as tmux left it.
 */
async function capturePane(tmux: Tmux, target: string, channel: string): Promise<{ capture: string; dead?: PaneDeath }> {
  const { stdout } = await tmux(
    'display-message',
    '-p',
    '-t',
    target,
    '#{pane_dead}|#{pane_dead_status}|#{pane_dead_signal}|#{pane_title}',
    ';',
    'capture-pane',
    '-p',
    '-J',
    '-S',
    '-',
    '-t',
    target,
  );
  const cut = stdout.indexOf('\n');
  const [isDead, status, signal, ...title] = stdout.slice(0, cut).split('|');
  const capture = stdout.slice(cut + 1);
  const ended = /^fw-exit:([^:]+):(\d+)$/.exec(title.join('|'));
  if (ended && ended[1] === channel) return { capture, dead: deathOf(Number(ended[2])) };
  if (isDead !== '1') return { capture };
  return { capture, dead: { status: status ? Number(status) : null, signal: signal || null } };
}
/** How a process that has ended but is not reaped yet ended (Linux /proc: state Z, exit_code is field 52). */
async function zombie(pid: number): Promise<PaneDeath | undefined> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  if (fields[0] !== 'Z') return undefined;
  const code = Number(fields[49]);
  if (!Number.isInteger(code)) return { status: null, signal: null };
  const signal = code & 0x7f;
  return signal ? { status: null, signal: SIGNAL_NAMES.get(signal) ?? `signal ${signal}` } : { status: (code >> 8) & 0xff, signal: null };
}

/**
 * A quiet pane is idle only once its foreground program is back: a shell running `sleep 30` is quiet but busy.
 * tmux names the foreground process group by its leader: the wrapper (`sh`) while a program without job control
 * runs (a full-screen agent: always, so quiet decides), a job-control shell itself at its prompt, its job otherwise.
 */
function promptCheck(w: PaneWatch): () => Promise<boolean> {
  const home = new Set(['sh', basename(w.program)]);
  const foreground = async () => (await w.tmux('display-message', '-p', '-t', w.target, '#{pane_current_command}')).stdout.trim();
  return async () => {
    try {
      return home.has(await foreground());
    } catch {
      return true;
    }
  };
}
