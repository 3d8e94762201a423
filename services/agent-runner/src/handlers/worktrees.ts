import { limitedTo, runnerWorktreesSubject, worktreeRpcs, type PruneReply, type WorktreeListing } from '@flywheel/contracts';
import { serve, type HandlerContext, type Logger, type NatsConnection } from '@flywheel/kit';
import type { FleetView } from '../domain/fleet-view.ts';
import type { WorktreeOps } from '../runtime/worktree-ops.ts';
import { forwardRequest } from './forward.ts';

const QUEUE = { queue: 'agent-runner' };

/**
 * GET /worktrees and prune across the fleet: any runner answers, asking each alive peer for its own worktrees
 * (a worktree lives on the host of the runner that made it). A non-admin sees and prunes its account's only.
 */
export function serveWorktrees(deps: { nc: NatsConnection; logger: Logger; runnerId: string; worktrees: WorktreeOps; fleet: FleetView }): { stop(): void }[] {
  const { nc, logger, runnerId, worktrees } = deps;
  const scope = (ctx: HandlerContext) => ({ accountId: limitedTo(ctx) });
  const peers = () => deps.fleet.list().filter((r) => r.runnerId !== runnerId && r.status === 'alive');

  async function list(req: { staleOnly?: boolean }, ctx: HandlerContext): Promise<{ items: WorktreeListing[] }> {
    const mine = await worktrees.listHere(scope(ctx));
    const theirs = await Promise.all(
      peers().map((r) =>
        forwardRequest(nc, worktreeRpcs.list, runnerWorktreesSubject(r.runnerId, 'list'), req, ctx).then(
          (x) => x.items,
          (err: Error) => {
            logger.warn({ runnerId: r.runnerId, err: err.message }, 'runner did not list its worktrees');
            return [] as WorktreeListing[];
          },
        ),
      ),
    );
    const items = [...mine, ...theirs.flat()].filter((w) => !req.staleOnly || w.stale);
    return { items: req.staleOnly === false ? items.filter((w) => !w.stale) : items };
  }

  async function prune(req: { force: boolean; paths?: string[] }, ctx: HandlerContext): Promise<PruneReply> {
    const mine = await worktrees.pruneHere(scope(ctx), req);
    const theirs = await Promise.all(
      peers().map((r) =>
        forwardRequest(nc, worktreeRpcs.prune, runnerWorktreesSubject(r.runnerId, 'prune'), req, ctx).catch((err: Error) => {
          logger.warn({ runnerId: r.runnerId, err: err.message }, 'runner did not prune its worktrees');
          return { removed: [], kept: [] } as PruneReply;
        }),
      ),
    );
    return { removed: [...mine.removed, ...theirs.flatMap((t) => t.removed)], kept: [...mine.kept, ...theirs.flatMap((t) => t.kept)] };
  }

  return [
    serve(nc, worktreeRpcs.list, list, { logger, ...QUEUE }),
    serve(nc, worktreeRpcs.prune, prune, { logger, ...QUEUE }),
    serve(nc, worktreeRpcs.list, (req, ctx) => worktrees.listHere(scope(ctx)).then((items) => ({ items })), {
      logger,
      subject: runnerWorktreesSubject(runnerId, 'list'),
    }),
    serve(nc, worktreeRpcs.prune, (req, ctx) => worktrees.pruneHere(scope(ctx), req), { logger, subject: runnerWorktreesSubject(runnerId, 'prune') }),
  ];
}
