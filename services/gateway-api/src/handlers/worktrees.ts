import { agentRpcs, worktreeRpcs, type API } from '@flywheel/contracts';
import type { RpcCall } from '@flywheel/kit';
import type { GroupHandlers } from '../http/bind-routes.ts';
import { actorBy, callContext } from './context.ts';

/** Review, merge-back and worktree housekeeping → the runner fleet (the owning runner has the worktree). */
export function worktreeHandlers(call: RpcCall): GroupHandlers<typeof API.worktrees> {
  return {
    diff: ({ params, query }, c) => call(agentRpcs.diff, { agentId: params.id, ...query }, callContext(c)),
    reviewComment: ({ params, body }, c) => call(agentRpcs.reviewComment, { agentId: params.id, ...body, actor: actorBy(c) }, callContext(c)),
    reviewComments: ({ params, query }, c) => call(agentRpcs.reviewComments, { agentId: params.id, ...query }, callContext(c)),
    reviewApprove: ({ params, body }, c) => call(agentRpcs.reviewApprove, { agentId: params.id, ...body, actor: actorBy(c) }, callContext(c)),
    reviewApprovals: ({ params }, c) => call(agentRpcs.reviewApprovals, { agentId: params.id }, callContext(c)),
    mergePreview: ({ params, query }, c) => call(agentRpcs.mergePreview, { agentId: params.id, target: query.target }, callContext(c)),
    merge: ({ params, body }, c) => call(agentRpcs.merge, { agentId: params.id, ...body, actor: actorBy(c) }, callContext(c)),
    list: ({ query }, c) => call(worktreeRpcs.list, { staleOnly: query.stale === undefined ? undefined : query.stale === 'true' }, callContext(c)),
    prune: ({ body }, c) => call(worktreeRpcs.prune, { ...body, actor: actorBy(c) }, callContext(c)),
  };
}
