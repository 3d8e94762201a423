import type { ChildProcess } from 'node:child_process';
import { Readable, Writable } from 'node:stream';
import { ClientSideConnection, ndJsonStream, PROTOCOL_VERSION, type Client } from '@agentclientprotocol/sdk';
import type { RequestPermissionRequest, RequestPermissionResponse } from '@agentclientprotocol/sdk';
import type { Logger } from '@flywheel/kit';
import { AcpPromptResult, AcpUpdate, acpTurnUsage, mapAcpUpdate, noteAcpCost, type AcpTools, type AcpUsageState } from '../../domain/acp-map.ts';
import type { AgentDriver, DriverSession, DriverSink, DriverSpec } from './driver.ts';
import { killGroup, spawnGroup } from './process-tree.ts';
import { limitFromError } from '../../domain/usage-limit.ts';

export interface AcpDriverOptions {
  logger: Logger;
  baseEnv: Record<string, string>;
}

/** Picks the option the guard's decision stands for; no such option → cancelled (the agent skips the call). */
function answer(req: RequestPermissionRequest, allow: boolean): RequestPermissionResponse {
  const kinds = allow ? ['allow_once', 'allow_always'] : ['reject_once', 'reject_always'];
  const opt = kinds.map((k) => req.options.find((o) => o.kind === k)).find(Boolean);
  return opt ? { outcome: { outcome: 'selected', optionId: opt.optionId } } : { outcome: { outcome: 'cancelled' } };
}

/** Our side of the protocol: updates become events, permission requests go to the guard. */
function acpClient(sink: DriverSink, cancelling: { now: boolean }, usage: AcpUsageState): Client {
  const tools: AcpTools = new Map();
  return {
    async requestPermission(req) {
      // After session/cancel the client must answer pending asks with `cancelled` (ACP spec).
      if (cancelling.now) return { outcome: { outcome: 'cancelled' } };
      const call = req.toolCall;
      // Gemini CLI 0.61.0 sends no rawInput (the command is the title): the guard still gets something to judge.
      const d = await sink.guard({ tool: call.kind ?? call.title ?? 'tool', input: call.rawInput ?? { title: call.title }, toolCallId: call.toolCallId });
      if (!d.allow)
        sink.emit({
          type: 'error',
          error: { code: 'BLOCKED_BY_POLICY', message: d.reason ?? 'denied by the safety guard', details: { toolCallId: call.toolCallId } },
        });
      return cancelling.now ? { outcome: { outcome: 'cancelled' } } : answer(req, d.allow);
    },
    async sessionUpdate(n) {
      const u = AcpUpdate.safeParse(n.update);
      if (!u.success) return;
      noteAcpCost(u.data, usage);
      for (const e of mapAcpUpdate(u.data, tools)) sink.emit(e);
    },
  };
}

async function connect(child: ChildProcess, client: Client, cwd: string): Promise<{ conn: ClientSideConnection; sessionId: string; model?: string }> {
  const failedToStart = new Promise<never>((_, rej) => child.once('error', rej));
  failedToStart.catch(() => undefined);
  const stream = ndJsonStream(Writable.toWeb(child.stdin!) as WritableStream<Uint8Array>, Readable.toWeb(child.stdout!) as ReadableStream<Uint8Array>);
  const conn = new ClientSideConnection(() => client, stream);
  await Promise.race([conn.initialize({ protocolVersion: PROTOCOL_VERSION, clientCapabilities: {} }), failedToStart]);
  const created = await Promise.race([conn.newSession({ cwd, mcpServers: [] }), failedToStart]);
  // The session's model, when the agent announces it (session/new `models`, unstable in ACP 1.x).
  const model = (created as { models?: { currentModelId?: unknown } | null }).models?.currentModelId;
  return { conn, sessionId: created.sessionId, model: typeof model === 'string' && model ? model : undefined };
}

/** Any Agent Client Protocol agent (gemini --experimental-acp, claude-code-acp, ...) over stdio. */
export function createAcpDriver(opts: AcpDriverOptions): AgentDriver {
  return {
    name: 'acp',
    resumable: false,
    async start(spec: DriverSpec, sink: DriverSink): Promise<DriverSession> {
      const [cmd, ...args] = spec.command!;
      const child = spawnGroup(cmd, args, { cwd: spec.workingDirectory, env: { ...opts.baseEnv, ...spec.env }, stdio: ['pipe', 'pipe', 'pipe'] });
      child.stderr?.on('data', (d: Buffer) => sink.emit({ type: 'output', stream: 'stderr', text: d.toString() }));
      const cancelling = { now: false };
      const usage: AcpUsageState = { sessionId: '', turn: 0, model: spec.model, costReported: 0 };
      let session;
      try {
        session = await connect(child, acpClient(sink, cancelling, usage), spec.workingDirectory);
      } catch (err) {
        if (child.pid) await killGroup(child.pid);
        throw err;
      }
      child.once('exit', (code, signal) => sink.exited({ code, signal }));
      usage.sessionId = session.sessionId;
      usage.model = session.model ?? spec.model;
      sink.ready({ sessionId: session.sessionId });
      const prompts = promptQueue(session.conn, usage, sink, cancelling, opts.logger.child({ agentId: spec.agentId }));
      if (spec.prompt) {
        sink.turnStarted();
        prompts.send(spec.prompt);
      }
      return {
        pid: child.pid,
        send: async (m) => prompts.send(m),
        async interrupt() {
          cancelling.now = true;
          await session.conn.cancel({ sessionId: session.sessionId });
          await prompts.idle();
        },
        async terminate() {
          if (child.pid) await killGroup(child.pid);
        },
      };
    },
  };
}

/** A JSON-RPC error's message with its data (where agents put the provider's error). */
function errorText(err: unknown): string {
  const e = err as { message?: string; data?: unknown };
  return [e.message ?? String(err), e.data === undefined ? '' : JSON.stringify(e.data)].join(' ');
}

/** ACP runs one prompt at a time: later sends wait their turn; the turn ends when none is left. */
function promptQueue(conn: ClientSideConnection, usage: AcpUsageState, sink: DriverSink, cancelling: { now: boolean }, log: Logger) {
  const sessionId = usage.sessionId;
  let chain: Promise<void> = Promise.resolve();
  let queued = 0;
  return {
    send(text: string): void {
      queued++;
      chain = chain.then(async () => {
        cancelling.now = false;
        try {
          const res = await conn.prompt({ sessionId, prompt: [{ type: 'text', text }] });
          // The turn's usage (a cancelled turn's too: its model calls were billed).
          const reported = AcpPromptResult.safeParse(res);
          if (reported.success) for (const u of acpTurnUsage(reported.data, usage)) sink.usage(u);
          if (--queued === 0) sink.turnEnded(res.stopReason === 'refusal' ? { error: 'agent refused' } : undefined);
        } catch (err) {
          queued--;
          log.debug({ err: (err as Error).message }, 'acp prompt failed');
          // The agent's model API limit (an error response naming a 429, a rate or usage limit): pause until its reset.
          const limit = limitFromError(errorText(err), Date.now());
          if (limit) {
            sink.emit({ type: 'rate_limit', resetAt: limit.resumeAt, message: limit.message });
            sink.usageLimited(limit);
            sink.turnEnded();
          } else sink.turnEnded({ error: `prompt failed: ${(err as Error).message}` });
        }
      });
    },
    idle: (): Promise<void> => chain,
  };
}
