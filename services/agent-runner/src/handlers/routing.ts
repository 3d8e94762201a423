import {
  AppError,
  agentForwardRpc,
  canSeeAccount,
  limitedTo,
  agentForwardSubject,
  agentRpcs,
  parseOrThrow,
  runnerListSubject,
  runnerSpawnSubject,
  type AgentListRequest,
  type AgentPage,
} from '@flywheel/contracts';
import { serve, type HandlerContext, type Logger, type NatsConnection } from '@flywheel/kit';
import type { FleetView } from '../domain/fleet-view.ts';
import type { AgentRuntime } from '../runtime/agent-runtime.ts';
import type { AgentRepo } from '../db/agent-repo.ts';
import { toInfo } from '../domain/agent-record.ts';
import { forwardRequest, forwardRpcFor, NoOwner } from './forward.ts';
import type { LocalOps, OwnedOp } from './agent-handlers.ts';
import { mergeAgentPages } from '../domain/list-merge.ts';
import type { WorktreeOps } from '../runtime/worktree-ops.ts';
import { serveWorktrees } from './worktrees.ts';
import { serveUsageSettings } from './usage-limits.ts';
import type { UsageSettings } from '../runtime/usage-settings.ts';

export interface RoutingDeps {
  worktrees: WorktreeOps;
  nc: NatsConnection;
  logger: Logger;
  runnerId: string;
  runtime: AgentRuntime;
  agents: AgentRepo;
  fleet: FleetView;
  ops: LocalOps;
  usageSettings: UsageSettings;
}

const QUEUE = { queue: 'agent-runner' };
const OWNED: OwnedOp[] = [
  'get',
  'send',
  'interrupt',
  'terminate',
  'events',
  'checkpointCreate',
  'checkpointList',
  'checkpointRestore',
  'commands',
  'diff',
  'reviewComment',
  'reviewComments',
  'reviewApprove',
  'reviewApprovals',
  'mergePreview',
  'merge',
  'resume',
  'autoResume',
];

/**
 * Every runner serves the `svc.agent-runner.*` queue group. A command for an agent this runner does
 * not own goes to the owner's per-agent subject; if nobody serves it, the agent is either on a lost
 * runner (→ `unknown`) or does not exist (→ 404).
 */
export function startRouting(deps: RoutingDeps): { adopt(agentId: string): void; stop(): void } {
  const { nc, logger, runtime, ops } = deps;
  const subs: { stop(): void }[] = [];
  const runLocal = (op: OwnedOp, payload: unknown, ctx: HandlerContext) => {
    // A forwarded payload comes off the wire: a bad one is BAD_REQUEST, not a thrown ZodError (INTERNAL).
    const req = parseOrThrow(agentRpcs[op].request, payload, `forwarded ${op} request`) as { agentId: string };
    const row = deps.agents.get(req.agentId);
    if (row) mayTouch(ctx, req.agentId, row.accountId);
    return (ops[op] as (r: unknown, c: HandlerContext) => unknown)(req, ctx);
  };

  async function route(op: OwnedOp, req: { agentId: string }, ctx: HandlerContext): Promise<unknown> {
    if (runtime.owns(req.agentId)) return runLocal(op, req, ctx);
    try {
      return await forwardRequest(nc, forwardRpcFor(agentRpcs[op]), agentForwardSubject(req.agentId), { op, payload: req }, ctx);
    } catch (err) {
      if (!(err instanceof NoOwner)) throw err;
      const known = deps.fleet.findAgent(req.agentId);
      if (!known) throw new AppError('NOT_FOUND', `no agent ${req.agentId}`);
      mayTouch(ctx, req.agentId, known.accountId);
      if (op === 'get') return { ...known, state: 'unknown', stateReason: `runner ${known.runnerId} is not answering` };
      throw new AppError('CONFLICT', `agent ${req.agentId} is unknown: its runner ${known.runnerId} is not answering`, { state: 'unknown' });
    }
  }

  for (const op of OWNED) {
    subs.push(serve(nc, agentRpcs[op] as typeof agentRpcs.get, (req, ctx) => route(op, req, ctx) as never, { logger, ...QUEUE }));
  }
  // When each spawn was sent to a peer, so a burst does not all land on one runner between heartbeats.
  const placed = new Map<string, number[]>();
  subs.push(serve(nc, agentRpcs.spawn, (req, ctx) => placeSpawn(deps, placed, req, ctx, adopt), { logger, ...QUEUE }));
  subs.push(serve(nc, agentRpcs.spawn, (req, ctx) => spawnHere(deps, req, ctx, adopt), { logger, subject: runnerSpawnSubject(deps.runnerId) }));
  subs.push(serve(nc, agentRpcs.list, (req, ctx) => listFleet(deps, req, ctx), { logger, ...QUEUE }));
  subs.push(serve(nc, agentRpcs.list, (req, ctx) => listHere(deps, req, ctx), { logger, subject: runnerListSubject(deps.runnerId) }));

  subs.push(...serveWorktrees(deps));
  subs.push(...serveUsageSettings(deps));

  const adopted = new Map<string, { stop(): void }>();
  function adopt(agentId: string): void {
    if (adopted.has(agentId)) return;
    adopted.set(
      agentId,
      serve(
        nc,
        agentForwardRpc,
        (req, ctx) => {
          if (!OWNED.includes(req.op as OwnedOp)) throw new AppError('BAD_REQUEST', `unknown op ${req.op}`);
          return runLocal(req.op as OwnedOp, req.payload, ctx);
        },
        { logger, subject: agentForwardSubject(agentId) },
      ),
    );
  }
  return {
    adopt,
    stop() {
      for (const s of [...subs, ...adopted.values()]) s.stop();
    },
  };
}

type SpawnReq = (typeof agentRpcs.spawn)['request']['_output'];

/** Another account's agent is FORBIDDEN to anyone but an admin (and internal callers). */
function mayTouch(ctx: HandlerContext, agentId: string, owner: string | null | undefined): void {
  if (!canSeeAccount(ctx, owner)) throw new AppError('FORBIDDEN', `agent ${agentId} belongs to another account`);
}

async function placeSpawn(deps: RoutingDeps, placed: Map<string, number[]>, req: SpawnReq, ctx: HandlerContext, adopt: (id: string) => void) {
  // Our own load is exact; a peer's is its last heartbeat plus what we sent it since.
  const load = (id: string, beat: number, seenAt: number) =>
    id === deps.runnerId ? deps.agents.live().length : beat + (placed.get(id) ?? []).filter((t) => t >= seenAt).length;
  const target = deps.fleet.pick(deps.runnerId, load);
  if (target === deps.runnerId) return spawnHere(deps, req, ctx, adopt);
  const now = Date.now();
  placed.set(target, [...(placed.get(target) ?? []).filter((t) => now - t < 60_000), now]);
  try {
    return await forwardRequest(deps.nc, agentRpcs.spawn, runnerSpawnSubject(target), req, ctx);
  } catch (err) {
    if (!(err instanceof NoOwner)) throw err;
    return spawnHere(deps, req, ctx, adopt);
  }
}

async function spawnHere(deps: RoutingDeps, req: SpawnReq, ctx: HandlerContext, adopt: (id: string) => void) {
  try {
    const info = await deps.runtime.spawn(req, { ...ctx, actor: req.actor ?? ctx.accountId });
    adopt(info.id);
    return info;
  } catch (err) {
    // A failed start still leaves a (failed) agent whose history must be reachable.
    const id = ((err as AppError).details as { agentId?: string } | undefined)?.agentId;
    if (typeof id === 'string') adopt(id);
    throw err;
  }
}

function listHere(deps: RoutingDeps, req: AgentListRequest, ctx: HandlerContext) {
  const page = deps.agents.page({ ...req, accountId: limitedTo(ctx) });
  return { items: page.rows.map((r) => toInfo(r, deps.runnerId)), nextCursor: page.nextCursor };
}

async function listFleet(deps: RoutingDeps, req: AgentListRequest, ctx: HandlerContext): Promise<AgentPage> {
  const others = deps.fleet.list().filter((r) => r.runnerId !== deps.runnerId);
  const pages = await Promise.all(
    others.map(async (r) => {
      if (r.status === 'alive') {
        try {
          return await forwardRequest(deps.nc, agentRpcs.list, runnerListSubject(r.runnerId), req, { ...ctx, timeoutMs: 2000 });
        } catch (err) {
          deps.logger.warn({ runnerId: r.runnerId, err: (err as Error).message }, 'runner did not list its agents');
        }
      }
      return { items: deps.fleet.unknownAgents(r.runnerId).filter((a) => canSeeAccount(ctx, a.accountId)), nextCursor: undefined };
    }),
  );
  return mergeAgentPages([listHere(deps, req, ctx), ...pages], req);
}
