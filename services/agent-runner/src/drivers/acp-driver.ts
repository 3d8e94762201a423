import { Readable, Writable } from 'node:stream';
import { ClientSideConnection, ndJsonStream, PROTOCOL_VERSION, type Client } from '@agentclientprotocol/sdk';
import type { RequestPermissionRequest, RequestPermissionResponse } from '@agentclientprotocol/sdk';
import type { Logger } from '@flywheel/kit';
import { AcpUpdate, mapAcpUpdate, type AcpTools } from '../domain/acp-map.ts';
import type { AgentDriver, DriverSession, DriverSink, DriverSpec } from './driver.ts';
import { killGroup, spawnGroup } from './process-tree.ts';

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

/** Any Agent Client Protocol agent (gemini --experimental-acp, claude-code-acp, ...) over stdio. */
export function createAcpDriver(opts: AcpDriverOptions): AgentDriver {
  return {
    name: 'acp',
    resumable: false,
    async start(spec: DriverSpec, sink: DriverSink): Promise<DriverSession> {
      const [cmd, ...args] = spec.command!;
      const child = spawnGroup(cmd, args, { cwd: spec.workingDirectory, env: { ...opts.baseEnv, ...spec.env }, stdio: ['pipe', 'pipe', 'pipe'] });
      const log = opts.logger.child({ agentId: spec.agentId });
      child.stderr?.on('data', (d: Buffer) => sink.emit({ type: 'output', stream: 'stderr', text: d.toString() }));
      const failedToStart = new Promise<never>((_, rej) => child.once('error', rej));
      failedToStart.catch(() => undefined);
      child.once('exit', (code, signal) => sink.exited({ code, signal }));
      const tools: AcpTools = new Map();
      const cancelling = { now: false };
      const client: Client = {
        async requestPermission(req) {
          if (cancelling.now) return { outcome: { outcome: 'cancelled' } };
          const d = await sink.guard({ tool: req.toolCall.kind ?? req.toolCall.title ?? 'tool', input: req.toolCall.rawInput, toolCallId: req.toolCall.toolCallId });
          if (!d.allow) sink.emit({ type: 'error', error: { code: 'BLOCKED_BY_POLICY', message: d.reason ?? 'denied by the safety guard', details: { toolCallId: req.toolCall.toolCallId } } });
          return cancelling.now ? { outcome: { outcome: 'cancelled' } } : answer(req, d.allow);
        },
        async sessionUpdate(n) {
          const u = AcpUpdate.safeParse(n.update);
          if (u.success) for (const e of mapAcpUpdate(u.data, tools)) sink.emit(e);
        },
      };
      const stream = ndJsonStream(Writable.toWeb(child.stdin!) as WritableStream<Uint8Array>, Readable.toWeb(child.stdout!) as ReadableStream<Uint8Array>);
      const conn = new ClientSideConnection(() => client, stream);
      await Promise.race([conn.initialize({ protocolVersion: PROTOCOL_VERSION, clientCapabilities: {} }), failedToStart]);
      const { sessionId } = await conn.newSession({ cwd: spec.workingDirectory, mcpServers: [] });
      sink.ready({ sessionId });
      // One prompt at a time (ACP); later sends wait their turn.
      let chain: Promise<void> = Promise.resolve();
      let queued = 0;
      const send = (text: string) => {
        queued++;
        chain = chain.then(async () => {
          cancelling.now = false;
          try {
            const res = await conn.prompt({ sessionId, prompt: [{ type: 'text', text }] });
            if (--queued === 0) sink.turnEnded(res.stopReason === 'refusal' ? { error: 'agent refused' } : undefined);
          } catch (err) {
            queued--;
            log.debug({ err: (err as Error).message }, 'acp prompt failed');
            sink.turnEnded({ error: `prompt failed: ${(err as Error).message}` });
          }
        });
      };
      if (spec.prompt) {
        sink.turnStarted();
        send(spec.prompt);
      }
      return {
        pid: child.pid,
        send: async (m) => send(m),
        async interrupt() {
          cancelling.now = true;
          await conn.cancel({ sessionId });
          await chain;
        },
        async terminate() {
          if (child.pid) await killGroup(child.pid);
        },
      };
    },
  };
}
