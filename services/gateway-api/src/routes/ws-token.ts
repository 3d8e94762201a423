import { Router } from 'express';
import { request } from '@flywheel/kit';
import { issueWsTokenRpc } from '../auth/auth-rpcs.ts';
import { bearer } from '../auth/bearer.ts';
import type { ApiDeps } from './deps.ts';

/** POST /api/v1/ws/token: trades an API key for a short-lived token the browser puts in `/ws?token=`. */
export function wsTokenRoutes(deps: ApiDeps): Router {
  const r = Router();
  r.post('/ws/token', async (req, res) => {
    const token = await request(deps.nc, issueWsTokenRpc, { credential: bearer(req) }, { requestId: req.requestId });
    res.status(201).json(token);
  });
  return r;
}
