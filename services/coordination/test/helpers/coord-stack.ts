import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { z } from 'zod';
import { agentStateEvent, coordRpcs, type RpcDescriptor } from '@flywheel/contracts';
import { connectNats, DurablePublisher, request, startService, type CallContext, type NatsConnection, type RunningService } from '@flywheel/kit';
import { startNats, testLogger, waitFor, type TestNats } from '@flywheel/kit/testing';
import { CoordinationDefinition } from '../../src/service.ts';

export interface AgentSpec {
  projectId: string;
  accountId?: string;
  treeRoot?: string;
  state?: string;
  /** When the runner says this happened (default now): an old one makes the agent look silent. */
  at?: string;
}

export interface CoordStack {
  nats: TestNats;
  nc: NatsConnection;
  dataDir: string;
  coord: RunningService;
  /** Calls a coordination RPC as `ctx` (internal when none). */
  call<Req extends z.ZodType, Res extends z.ZodType>(rpc: RpcDescriptor<Req, Res>, payload: z.input<Req>, ctx?: CallContext): Promise<z.infer<Res>>;
  /** Publishes the runner's state event for an agent and waits until coordination knows it (seq grows per call). */
  agent(agentId: string, spec: AgentSpec): Promise<void>;
  restart(env?: Record<string, string>): Promise<void>;
  stop(): Promise<void>;
}

/** A real nats-server and the coordination service on a temp DATA_DIR; agents arrive as the runner announces them. */
export async function startCoordStack(env: Record<string, string> = {}): Promise<CoordStack> {
  const nats = await startNats();
  const dataDir = mkdtempSync(join(tmpdir(), 'fw-coord-'));
  const base = { NATS_URL: nats.url, DATA_DIR: dataDir, LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent', UNMERGED_SCAN_MS: '0', ...env };
  const nc = await connectNats({ url: nats.url, name: 'coord-test', logger: testLogger() });
  const durable = new DurablePublisher(nc, { logger: testLogger() });
  const seqs = new Map<string, number>();
  const s: CoordStack = {
    nats,
    nc,
    dataDir,
    coord: await startService(CoordinationDefinition, base),
    call: (rpc, payload, ctx) => request(nc, rpc, payload, ctx ?? {}),
    async agent(agentId, spec) {
      const seq = (seqs.get(agentId) ?? 0) + 1;
      seqs.set(agentId, seq);
      const state = spec.state ?? 'ready';
      await durable.publish(
        agentStateEvent,
        [agentId],
        {
          type: 'state',
          agentId,
          seq,
          ts: spec.at ?? new Date().toISOString(),
          to: state as never,
          projectId: spec.projectId,
          accountId: spec.accountId,
          treeRoot: spec.treeRoot,
        },
        `${agentId}:${seq}`,
      );
      await waitFor(async () => (await s.call(coordRpcs.agents, { agentId, live: false })).items.find((a) => a.agentId === agentId && a.state === state), {
        what: `coordination to know ${agentId} as ${state}`,
      });
    },
    async restart(more = {}) {
      await s.coord.stop();
      s.coord = await startService(CoordinationDefinition, { ...base, ...more });
    },
    async stop() {
      await s.coord.stop();
      await durable.close(0);
      await nc.drain().catch(() => undefined);
      await nats.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return s;
}
