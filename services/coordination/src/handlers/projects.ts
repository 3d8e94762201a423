import { AppError, coordRpcs, limitedTo } from '@flywheel/contracts';
import { serve, type NatsConnection } from '@flywheel/kit';
import { actingAgent } from '../domain/access.ts';
import { knownAgent, type CoordCore } from '../runtime/core.ts';

/** svc.coordination.agents.list and settings.*. */
export function serveProjects(nc: NatsConnection, core: CoordCore) {
  const opts = { logger: core.logger, queue: 'coordination' };
  return [
    serve(
      nc,
      coordRpcs.agents,
      (req, ctx) => {
        // An agent credential without a project asks about its own project.
        const projectId = req.projectId ?? (req.agentId || ctx.agentId ? knownAgent(core, actingAgent({}, req.agentId ?? ctx.agentId)).projectId : undefined);
        return { items: core.repos.agents.list({ projectId, live: req.live, accountId: limitedTo(ctx) }) };
      },
      opts,
    ),
    serve(nc, coordRpcs.settings, (req) => core.repos.settings.get(req.projectId), opts),
    serve(
      nc,
      coordRpcs.settingsSet,
      (req, ctx) => {
        if (ctx.role && ctx.role !== 'admin') throw new AppError('FORBIDDEN', 'project settings need the admin role');
        const cur = core.repos.settings.get(req.projectId);
        return core.repos.settings.set({
          projectId: req.projectId,
          grantMode: req.grantMode ?? cur.grantMode,
          defaultTtlSeconds: req.defaultTtlSeconds ?? cur.defaultTtlSeconds,
          updatedAt: core.now().toISOString(),
          updatedBy: req.actor,
        });
      },
      opts,
    ),
  ];
}
