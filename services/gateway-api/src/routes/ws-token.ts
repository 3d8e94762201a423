import { Router, type Request } from 'express';
import { AppError } from '@flywheel/contracts';
import { request } from '@flywheel/kit';
import { issueWsTokenRpc } from '../auth/auth-rpcs.ts';
import type { ApiDeps } from './deps.ts';

const bearer = (req: Request): string => {
  const h = req.header('authorization');
  if (!h?.startsWith('Bearer ') || h.length <= 7) throw new AppError('UNAUTHORIZED', 'an API key is required: Authorization: Bearer <key>');
  return h.slice(7).trim();
};

/** POST /api/v1/ws/token: trades an API key for a short-lived token the browser puts in `/ws?token=`. */
export function wsTokenRoutes(deps: ApiDeps): Router {
  const r = Router();
  r.post('/ws/token', async (req, res) => {
    const token = await request(deps.nc, issueWsTokenRpc, { credential: bearer(req) }, { requestId: req.requestId });
    res.status(201).json(token);
  });
  return r;
}
