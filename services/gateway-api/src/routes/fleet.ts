import { Router } from 'express';
import { fleetListRpc } from '@flywheel/contracts';
import type { ApiDeps } from './deps.ts';

/** /api/v1/fleet: every agent-runner with its agent counts, last heartbeat and alive/lost status. */
export function fleetRoutes(deps: ApiDeps): Router {
  const r = Router();
  r.get('/fleet', async (req, res) => {
    res.json(await deps.peer('agent-runner')(fleetListRpc, {}, { requestId: req.requestId }));
  });
  return r;
}
