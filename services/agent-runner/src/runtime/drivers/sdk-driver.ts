import type { ChildProcess } from 'node:child_process';
import { query, type Query, type SDKMessage, type SDKUserMessage } from '@anthropic-ai/claude-agent-sdk';
import type { Logger } from '@flywheel/kit';
import { ClaudeMessage, mapClaudeMessage, type ToolTracker } from '../../domain/claude-map.ts';
import { createUsageTracker } from '../../domain/usage-tracker.ts';
import { flywheelMcpServer, MCP_SERVER } from '../../domain/agent-env.ts';
import type { AgentDriver, DriverSession, DriverSink, DriverSpec } from './driver.ts';
import { createInputQueue } from './input-queue.ts';
import { killGroup, spawnGroup } from './process-tree.ts';
import { limitFromError } from '../../domain/usage-limit.ts';

export interface SdkDriverOptions {
  logger: Logger;
  /** Variables every agent process inherits (PATH, HOME, ...); the spawn's env is laid over them. */
  baseEnv: Record<string, string>;
  claudePath?: string;
}

type Turn = { pending: number; interrupting: boolean; onResult?: () => void };

const userMessage = (text: string): SDKUserMessage => ({ type: 'user', message: { role: 'user', content: text }, parent_tool_use_id: null }) as SDKUserMessage;

/** One long query() fed by streaming input; Claude Code runs in its own process group. */
function openQuery(
  spec: DriverSpec,
  sink: DriverSink,
  opts: SdkDriverOptions,
  input: AsyncIterable<SDKUserMessage>,
  proc: { child?: ChildProcess },
  log: Logger,
): Query {
  const mcp = flywheelMcpServer(spec.env);
  return query({
    prompt: input,
    options: {
      cwd: spec.workingDirectory,
      model: spec.model,
      env: { ...opts.baseEnv, ...spec.env },
      permissionMode: 'default',
      // The gateway's coordination tools, acting as this agent; the config names the credential by variable, so argv is safe.
      mcpServers: mcp ? { [MCP_SERVER]: mcp } : undefined,
      mcpServersDelivery: 'argv',
      // The raw stream carries each message's final usage (message_delta).
      includePartialMessages: true,
      resume: spec.resume?.sessionId,
      resumeSessionAt: spec.resume?.messageUuid,
      pathToClaudeCodeExecutable: opts.claudePath,
      canUseTool: async (tool, toolInput, o) => {
        const d = await sink.guard({ tool, input: toolInput, toolCallId: (o as { toolUseID?: string }).toolUseID });
        return d.allow ? { behavior: 'allow', updatedInput: toolInput } : { behavior: 'deny', message: d.reason ?? 'denied by the safety guard' };
      },
      spawnClaudeCodeProcess: (so) => {
        const child = spawnGroup(so.command, so.args, { cwd: so.cwd, env: so.env, stdio: ['pipe', 'pipe', 'pipe'] });
        child.stderr?.on('data', (d: Buffer) => log.debug({ stderr: d.toString().slice(0, 500) }, 'claude stderr'));
        so.signal.addEventListener('abort', () => void (child.pid && killGroup(child.pid)));
        proc.child = child;
        return child as never;
      },
    },
  });
}

/** Claude Code through @anthropic-ai/claude-agent-sdk: streaming input, canUseTool → guard, interrupt, resume. */
export function createSdkDriver(opts: SdkDriverOptions): AgentDriver {
  return {
    name: 'sdk',
    resumable: true,
    async start(spec: DriverSpec, sink: DriverSink): Promise<DriverSession> {
      const input = createInputQueue<SDKUserMessage>();
      const proc: { child?: ChildProcess } = {};
      const log = opts.logger.child({ agentId: spec.agentId });
      const q = openQuery(spec, sink, opts, input.iterable, proc, log);
      const turn: Turn = { pending: 0, interrupting: false };
      void pump(q, sink, turn, log);
      await initialize(q, proc);
      const child = proc.child!;
      child.once('exit', (code, signal) => sink.exited({ code, signal }));
      sink.ready();
      const send = (text: string) => {
        turn.pending++;
        input.push(userMessage(text));
      };
      if (spec.prompt) {
        sink.turnStarted();
        send(spec.prompt);
      }
      return {
        pid: child.pid,
        send: async (m) => send(m),
        interrupt: () => interruptTurn(q, turn),
        async terminate() {
          input.end();
          q.close();
          if (child.pid) await killGroup(child.pid);
        },
      };
    },
  };
}

/** Waits for Claude Code to start; on failure the query and its process group go. */
async function initialize(q: Query, proc: { child?: ChildProcess }): Promise<void> {
  try {
    await q.initializationResult();
  } catch (err) {
    q.close();
    if (proc.child?.pid) await killGroup(proc.child.pid);
    throw err;
  }
}

async function interruptTurn(q: Query, turn: Turn): Promise<void> {
  const running = turn.pending > 0;
  turn.interrupting = true;
  // Claude Code ends an interrupted turn with a result a moment after interrupt() resolves;
  // waiting for it keeps that result from ending a turn sent right after.
  const ended = new Promise<void>((r) => (turn.onResult = r));
  await q.interrupt();
  if (running) await Promise.race([ended, new Promise((r) => setTimeout(r, 5000))]);
  turn.onResult = undefined;
  turn.pending = 0;
  turn.interrupting = false;
}

/** Claude Code's assistant errors after which no turn can work until a person fixes the account. */
const FATAL_ERRORS = new Set(['authentication_failed', 'oauth_org_not_allowed', 'account_on_hold', 'verification_required', 'billing_error']);

interface PumpState {
  /** A usage limit paused the turn; the next model output lifts it. */
  limited?: boolean;
  /** The error of the turn's last assistant message (Claude Code marks API failures there). */
  lastError?: string;
  sink: DriverSink;
  turn: Turn;
  tools: ToolTracker;
  seen: Set<string>;
  usage: ReturnType<typeof createUsageTracker>;
}

async function pump(q: Query, sink: DriverSink, turn: Turn, log: Logger): Promise<void> {
  const s: PumpState = { sink, turn, tools: new Map(), seen: new Set(), usage: createUsageTracker((u) => sink.usage(u)) };
  try {
    for await (const raw of q) handle(raw, s);
  } catch (err) {
    log.debug({ err: (err as Error).message }, 'sdk stream ended with an error');
  }
}

function handle(raw: SDKMessage, s: PumpState): void {
  if (raw.type === 'stream_event') {
    const e = raw.event as { type: string; content_block?: { type: string } };
    if (s.limited && e.type === 'message_start') lift(s);
    s.usage.onStreamEvent(raw.event as never);
    if (e.type === 'content_block_start')
      s.sink.activity(e.content_block?.type === 'tool_use' ? 'tool_calling' : e.content_block?.type === 'thinking' ? 'thinking' : 'working');
    return;
  }
  const m = ClaudeMessage.safeParse(raw);
  if (!m.success) return;
  if (m.data.type === 'system' && m.data.subtype === 'api_retry') return onRetry(raw as unknown as ApiRetry, s);
  for (const d of mapClaudeMessage(m.data, s.tools)) s.sink.emit(d);
  if (m.data.type === 'system' && m.data.subtype === 'init') s.sink.progress({ sessionId: m.data.session_id });
  if (m.data.type === 'assistant' && m.data.error) s.lastError = m.data.error;
  else if (m.data.type === 'assistant' && s.limited) lift(s);
  const info = m.data.type === 'rate_limit_event' ? m.data.rate_limit_info : undefined;
  if (info?.status === 'rejected' && info.resetsAt) {
    s.limited = true;
    s.sink.usageLimited({ resumeAt: new Date(info.resetsAt * 1000).toISOString(), message: 'usage limit: Claude rejected the request until its reset' });
  }
  if (m.data.type === 'assistant' && m.data.message) {
    const id = m.data.message.id;
    s.usage.onAssistant(m.data.message as never);
    s.sink.progress({ sessionId: m.data.session_id, messageUuid: m.data.uuid, modelMessage: !!id && !s.seen.has(id) });
    if (id) s.seen.add(id);
  }
  if (m.data.type === 'result') endTurn(raw as { modelUsage?: Record<string, { costUSD?: number }> }, m.data, s);
}

/** Claude Code's `system/api_retry`: a model API call failed and will be retried after `retry_delay_ms`. */
interface ApiRetry {
  attempt: number;
  max_retries: number;
  retry_delay_ms: number;
  error_status: number | null;
  error?: string;
}

/**
 * Claude Code retries even a 401 ten times over minutes (2.1.332); a key the API refused twice will not start working,
 * so the agent fails with the reason at the second refusal instead of sitting in `executing`.
 */
export const AUTH_REFUSALS_BEFORE_FAIL = 2;

function onRetry(r: ApiRetry, s: PumpState): void {
  if (r.error === 'rate_limit' || r.error_status === 429) {
    // Claude Code waits retry_delay_ms (the API's retry-after) and tries again: the agent is paused until then.
    const resumeAt = new Date(Date.now() + r.retry_delay_ms).toISOString();
    const message = `usage limit: the model API answered ${r.error_status ?? 'rate_limit'}; Claude Code retries at ${resumeAt} (attempt ${r.attempt} of ${r.max_retries})`;
    s.limited = true;
    s.sink.emit({ type: 'rate_limit', resetAt: resumeAt, message });
    s.sink.usageLimited({ resumeAt, message });
    return;
  }
  if (r.error && FATAL_ERRORS.has(r.error) && r.attempt >= AUTH_REFUSALS_BEFORE_FAIL) {
    s.turn.pending = 0;
    s.sink.turnEnded({
      error: `${r.error.replace(/_/g, ' ')}: the model API answered ${r.error_status ?? 'no response'} to ${r.attempt} attempts`,
      fatal: true,
    });
  }
}

function lift(s: PumpState): void {
  s.limited = false;
  s.sink.usageLimitLifted();
}

/** A result closes one queued message's turn; the agent is ready once none is left. */
function endTurn(raw: { modelUsage?: Record<string, { costUSD?: number }> }, m: ClaudeMessage, s: PumpState): void {
  s.usage.onResult(raw.modelUsage);
  if (s.turn.interrupting) {
    s.turn.onResult?.();
    return;
  }
  const lastError = s.lastError;
  s.lastError = undefined;
  if (lastError && FATAL_ERRORS.has(lastError)) {
    s.turn.pending = 0;
    s.sink.turnEnded({ error: `${lastError.replace(/_/g, ' ')}: ${m.result ?? m.subtype ?? 'the model API refused the request'}`, fatal: true });
    return;
  }
  // Claude Code gave up at a usage limit (at once when the API's reset is far off: no retry, no reset in the stream):
  // the agent pauses (at the reset its result names, else a minute) and the turn ends without an error.
  const atLimit = lastError === 'rate_limit';
  if (atLimit && !s.limited) {
    s.limited = true;
    s.sink.usageLimited(limitFromError(`429 ${m.result ?? ''}`, Date.now())!);
  }
  const failed = m.is_error && !atLimit;
  s.turn.pending = Math.max(0, s.turn.pending - 1);
  if (s.turn.pending > 0 && !failed) return;
  s.sink.turnEnded(failed ? { error: `turn failed: ${m.subtype}${m.result ? `: ${m.result}` : ''}` } : undefined);
}
