import { z } from 'zod';
import { Cursor, Id, IsoTime } from './ids.ts';
import { defineEvent, defineRpc } from './descriptors.ts';
import { AgentInfo, AgentState, Checkpoint, CommandRecord, AgentEvent, SendMessageRequest, SpawnAgentRequest } from './agent.ts';
import {
  AgentDiff,
  DiffQuery,
  MergePreview,
  MergeRequest,
  MergeResult,
  PruneReply,
  PruneRequest,
  ReviewApproval,
  ReviewApprovalRequest,
  ReviewApprovalsReply,
  ReviewComment,
  ReviewCommentsReply,
  ReviewCommentsRequest,
  WorktreeListing,
  WorktreeListRequest,
} from './worktrees.ts';

/** Published by every agent-runner on `system.fleet` each HEARTBEAT_MS; `stopped` on a clean shutdown. */
export const FleetEvent = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('heartbeat'),
    runnerId: Id,
    host: z.string().max(200),
    startedAt: IsoTime,
    ts: IsoTime,
    intervalMs: z.number().int().positive(),
    agentCount: z.number().int().nonnegative(),
    /** Live agents in full, so peers can show them `unknown` once this runner is lost. */
    liveAgents: z.array(AgentInfo),
  }),
  z.object({ type: z.literal('stopped'), runnerId: Id, ts: IsoTime }),
]);
export type FleetEvent = z.infer<typeof FleetEvent>;
export const fleetEvent = defineEvent({ subject: 'system.fleet', payload: FleetEvent });

/** A runner as GET /fleet shows it; `lost` after 3 missed heartbeats. */
export const RunnerInfo = z.object({
  runnerId: Id,
  host: z.string(),
  status: z.enum(['alive', 'lost', 'stopped']),
  startedAt: IsoTime,
  lastHeartbeatAt: IsoTime,
  heartbeatIntervalMs: z.number().int().positive(),
  agentCount: z.number().int().nonnegative(),
  liveAgentCount: z.number().int().nonnegative(),
});
export type RunnerInfo = z.infer<typeof RunnerInfo>;

const AgentRef = z.object({ agentId: Id });
const Actor = { actor: z.string().max(200).optional() };
const PageIn = { cursor: Cursor.optional(), limit: z.number().int().min(1).max(1000).default(100) };
const pageOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: Cursor.optional() });

export const AgentListRequest = z.object({ state: AgentState.optional(), ...PageIn });
export type AgentListRequest = z.infer<typeof AgentListRequest>;
export const AgentPage = pageOf(AgentInfo);
export type AgentPage = z.infer<typeof AgentPage>;
export const EventPageRequest = AgentRef.extend({
  ...PageIn,
  types: z.array(z.string()).optional(),
  /** `desc`: newest first, the cursor pages towards older events. */
  order: z.enum(['asc', 'desc']).default('asc'),
});
export const EventPage = pageOf(AgentEvent);

/**
 * The runner fleet's RPC surface. `svc.agent-runner.<op>` subjects are served by every runner in one
 * queue group; a runner that does not own the agent forwards to the owner's per-agent subject
 * `svc.agent-runner.agent.<agentId>` (see docs/agents.md).
 */
const rpc = <Req extends z.ZodType, Res extends z.ZodType>(op: string, request: Req, reply: Res, timeoutMs = 10_000) =>
  defineRpc({ subject: `svc.agent-runner.${op}`, request, reply, timeoutMs });

export const agentRpcs = {
  spawn: rpc('agents.spawn', SpawnAgentRequest.extend({ ...Actor, accountId: z.string().max(100).optional() }), AgentInfo, 30_000),
  list: rpc('agents.list', AgentListRequest, AgentPage),
  get: rpc('agents.get', AgentRef, AgentInfo),
  send: rpc(
    'agents.send',
    AgentRef.extend({ ...SendMessageRequest.shape, ...Actor, accountId: z.string().max(100).optional() }),
    z.object({ commandId: z.string(), state: AgentState }),
  ),
  interrupt: rpc('agents.interrupt', AgentRef.extend(Actor), z.object({ commandId: z.string(), state: AgentState })),
  terminate: rpc('agents.terminate', AgentRef.extend(Actor), z.object({ commandId: z.string(), state: AgentState }), 30_000),
  events: rpc('agents.events', EventPageRequest, EventPage),
  checkpointCreate: rpc('agents.checkpoints.create', AgentRef.extend(Actor), Checkpoint),
  checkpointList: rpc('agents.checkpoints.list', AgentRef.extend(PageIn), pageOf(Checkpoint)),
  checkpointRestore: rpc('agents.checkpoints.restore', AgentRef.extend({ checkpointId: z.string().min(1).max(100), ...Actor }), AgentInfo, 30_000),
  commands: rpc('agents.commands', AgentRef.extend(PageIn), pageOf(CommandRecord)),
  /** Worktree agents (docs/worktrees.md): answered by the owning runner, which has the worktree. */
  diff: rpc('agents.diff', AgentRef.extend(DiffQuery.shape), AgentDiff, 30_000),
  reviewComment: rpc('agents.review-comments.create', AgentRef.extend({ ...ReviewCommentsRequest.shape, ...Actor }), ReviewCommentsReply),
  reviewComments: rpc('agents.review-comments.list', AgentRef.extend(PageIn), pageOf(ReviewComment)),
  reviewApprove: rpc('agents.review-approvals.create', AgentRef.extend({ ...ReviewApprovalRequest.shape, ...Actor }), ReviewApproval, 30_000),
  reviewApprovals: rpc('agents.review-approvals.list', AgentRef, ReviewApprovalsReply, 30_000),
  merge: rpc('agents.merge', AgentRef.extend({ ...MergeRequest.shape, ...Actor }), MergeResult, 60_000),
  mergePreview: rpc('agents.merge-preview', AgentRef.extend({ target: MergeRequest.shape.target }), MergePreview, 30_000),
  /** Usage limits (docs/agents.md): resume a usage-limited agent now; set its own auto-resume (null: its project's). */
  resume: rpc('agents.resume', AgentRef.extend(Actor), z.object({ commandId: z.string(), state: AgentState }), 30_000),
  autoResume: rpc('agents.auto-resume', AgentRef.extend({ enabled: z.boolean().nullable(), ...Actor }), AgentInfo),
} as const;
export type AgentRpcName = keyof typeof agentRpcs;

/** What a non-owning runner sends to the owner: the op name and the already-parsed request. */
export const AgentForward = z.object({ op: z.string(), payload: z.unknown() });
export const agentForwardSubject = (agentId: string): string => `svc.agent-runner.agent.${agentId}`;
/** Spawn placed on a specific runner (least agents). */
export const runnerSpawnSubject = (runnerId: string): string => `svc.agent-runner.runner.${runnerId}.spawn`;
/** One runner's own agents, for the fleet-wide list. */
export const runnerListSubject = (runnerId: string): string => `svc.agent-runner.runner.${runnerId}.list`;

export const agentForwardRpc = defineRpc({ subject: 'svc.agent-runner.agent.*', request: AgentForward, reply: z.unknown(), timeoutMs: 10_000 });

/** Worktrees across the fleet: any runner asks every runner for the worktrees of its repositories. */
export const worktreeRpcs = {
  list: rpc('worktrees.list', WorktreeListRequest, z.object({ items: z.array(WorktreeListing) }), 30_000),
  prune: rpc('worktrees.prune', PruneRequest.extend(Actor), PruneReply, 60_000),
} as const;
/** One runner's own worktrees (list and prune), for the fleet-wide calls. */
export const runnerWorktreesSubject = (runnerId: string, op: 'list' | 'prune'): string => `svc.agent-runner.runner.${runnerId}.worktrees.${op}`;

export const fleetListRpc = rpc('fleet.list', z.object({}).passthrough(), z.object({ runners: z.array(RunnerInfo) }), 2000);
