import type { ChildProcess } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { ClientSideConnection, ndJsonStream, PROTOCOL_VERSION, type Client } from '@agentclientprotocol/sdk';
import type { RequestPermissionRequest, RequestPermissionResponse } from '@agentclientprotocol/sdk';
import type { Logger } from '@flywheel/kit';
import { AcpPromptResult, AcpUpdate, acpTurnUsage, mapAcpUpdate, noteAcpCost, type AcpTools, type AcpUsageState } from '../../domain/acp-map.ts';
import { AcpToolCall, acpCallView } from '../../domain/acp-tool-call.ts';
import type { AgentDriver, DriverSession, DriverSink, DriverSpec } from './driver.ts';
import { killGroup, spawnGroup } from './process-tree.ts';
import { limitFromAcpError } from '../../domain/usage-limit.ts';
import { GEMINI_GUARD_POLICY, GEMINI_GUARD_POLICY_FILE, isGeminiAcp, withGeminiGuardPolicy } from '../../domain/gemini-policy.ts';

export interface AcpDriverOptions {
  logger: Logger;
  baseEnv: Record<string, string>;
  /** Where the policy that makes Gemini CLI ask before every shell call is written (gemini-policy.ts); unset: not added. */
  geminiPolicyDir?: string;
}

/** The command to run: Gemini CLI in ACP mode gets the guard policy (written on first use). */
async function guardedCommand(command: string[], policyDir: string | undefined): Promise<string[]> {
  if (!policyDir || !isGeminiAcp(command)) return command;
  await mkdir(policyDir, { recursive: true });
  await writeFile(join(policyDir, GEMINI_GUARD_POLICY_FILE), GEMINI_GUARD_POLICY);
  return withGeminiGuardPolicy(command, policyDir);
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
      // The command / file the call acts on, also when the agent sends no rawInput (Gemini CLI: acp-tool-call.ts).
      const parsed = AcpToolCall.safeParse(call);
      const view = parsed.success ? acpCallView(parsed.data) : { tool: call.kind ?? call.title ?? 'tool', input: call.rawInput ?? { title: call.title } };
      const d = await sink.guard({ ...view, toolCallId: call.toolCallId });
      // An agent that asks before announcing the call (Gemini CLI sends no tool_call for it) gets its start event here;
      // a denied one also its end, as it will report nothing more about it.
      const unseen = !tools.has(call.toolCallId);
      if (unseen && d.allow) for (const e of mapAcpUpdate(AcpUpdate.parse({ ...call, sessionUpdate: 'tool_call' }), tools)) sink.emit(e);
      if (!d.allow) {
        if (unseen) {
          sink.emit({ type: 'tool_call_start', toolCallId: call.toolCallId, tool: view.tool, input: view.input });
          sink.emit({ type: 'tool_call_end', toolCallId: call.toolCallId, tool: view.tool, result: d.reason, isError: true, durationMs: 0 });
        }
        sink.emit({
          type: 'error',
          error: { code: 'BLOCKED_BY_POLICY', message: d.reason ?? 'denied by the safety guard', details: { toolCallId: call.toolCallId } },
        });
      }
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
      const [cmd, ...args] = await guardedCommand(spec.command!, opts.geminiPolicyDir);
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
          // The agent's model API limit (JSON-RPC code 429 — Gemini CLI's, after its own retries —, or an error naming a
          // 429, a rate or usage limit): pause until its reset.
          const limit = limitFromAcpError(err as { code?: unknown; message?: string; data?: unknown }, Date.now());
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
