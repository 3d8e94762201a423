import { Router } from 'express';
import type { ApiDeps } from './deps.ts';
import { agentRoutes } from './agents.ts';
import { costRoutes } from './cost-analytics.ts';
import { dcgRoutes } from './dcg.ts';
import { fleetRoutes } from './fleet.ts';
import { coordinationRoutes } from './coordination.ts';
import { wsTokenRoutes } from './ws-token.ts';

/** Everything under /api/v1; each domain owns one module. */
export function apiRoutes(deps: ApiDeps): Router {
  const r = Router();
  for (const mod of [agentRoutes, costRoutes, dcgRoutes, fleetRoutes, coordinationRoutes, wsTokenRoutes]) r.use(mod(deps));
  return r;
}
