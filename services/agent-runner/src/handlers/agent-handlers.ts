import { type agentRpcs, type AgentRpcName } from '@flywheel/contracts';
import type { HandlerContext } from '@flywheel/kit';
import { decodeSeqCursor } from '../domain/cursor.ts';
import type { EventRepo } from '../db/event-repo.ts';
import type { HistoryRepo } from '../db/history-repo.ts';
import type { AgentRuntime } from '../runtime/agent-runtime.ts';
import type { Checkpoints } from '../runtime/checkpoints.ts';
import type { WorktreeOps } from '../runtime/worktree-ops.ts';

type Req<K extends AgentRpcName> = (typeof agentRpcs)[K]['request']['_output'];
type Res<K extends AgentRpcName> = (typeof agentRpcs)[K]['reply']['_input'];
export type OwnedOp = Exclude<AgentRpcName, 'spawn' | 'list'>;
export type LocalOps = { [K in OwnedOp]: (req: Req<K>, ctx: HandlerContext) => Promise<Res<K>> | Res<K> };

const who = (req: { actor?: string }, ctx: HandlerContext) => ({ requestId: ctx.requestId, accountId: ctx.accountId, actor: req.actor ?? ctx.accountId });

/** What the owning runner does for each per-agent command. */
export function localOps(deps: { runtime: AgentRuntime; events: EventRepo; history: HistoryRepo; checkpoints: Checkpoints; worktrees: WorktreeOps }): LocalOps {
  const { runtime, events, history, checkpoints, worktrees } = deps;
  return {
    get: (req) => runtime.info(req.agentId),
    send: (req, ctx) => runtime.send(req.agentId, req.message, { ...who(req, ctx), accountId: req.accountId ?? ctx.accountId }),
    interrupt: (req, ctx) => runtime.interrupt(req.agentId, who(req, ctx)),
    terminate: (req, ctx) => runtime.terminate(req.agentId, who(req, ctx)),
    events(req) {
      runtime.info(req.agentId);
      const page = events.page(req.agentId, req.cursor === undefined ? undefined : decodeSeqCursor(req.cursor), req.limit, req.types, req.order);
      const last = page.items.at(-1);
      return { items: page.items, nextCursor: page.more && last ? String(last.seq) : undefined };
    },
    checkpointCreate: (req, ctx) => checkpoints.manual(req.agentId, who(req, ctx)),
    checkpointList(req) {
      runtime.info(req.agentId);
      return history.checkpoints(req.agentId, req.cursor, req.limit);
    },
    checkpointRestore: (req, ctx) => checkpoints.restore(req.agentId, req.checkpointId, who(req, ctx)),
    commands(req) {
      runtime.info(req.agentId);
      return history.commands(req.agentId, req.cursor, req.limit);
    },
    diff: (req) => worktrees.diff(req.agentId, req),
    reviewComment: (req, ctx) => worktrees.reviewComment(req.agentId, { ...req, actor: req.actor ?? ctx.accountId }, ctx),
    reviewComments(req) {
      runtime.info(req.agentId);
      return worktrees.reviews.page(req.agentId, req.cursor, req.limit);
    },
    reviewApprove: (req, ctx) => worktrees.reviewApprove(req.agentId, { note: req.note, actor: req.actor ?? ctx.accountId }),
    reviewApprovals: (req) => worktrees.reviewApprovals(req.agentId),
    mergePreview: (req, ctx) => worktrees.mergePreview(req.agentId, req, ctx),
    merge: (req, ctx) => worktrees.merge(req.agentId, req, ctx),
    resume: (req, ctx) => runtime.resumeNow(req.agentId, who(req, ctx)),
    autoResume: (req, ctx) => runtime.setAutoResume(req.agentId, req.enabled, who(req, ctx)),
  };
}
