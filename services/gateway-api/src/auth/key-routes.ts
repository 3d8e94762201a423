import { Router } from 'express';
import { z } from 'zod';
import { Role } from '@flywheel/contracts';
import { request, type NatsConnection } from '@flywheel/kit';
import { body, params } from '../http/validate.ts';
import { createApiKeyRpc, revokeApiKeyRpc } from './auth-rpcs.ts';
import { bearer } from './bearer.ts';

const NewKey = z.object({ accountId: z.string().regex(/^[A-Za-z0-9_-]{1,100}$/), role: Role });
const KeyId = z.object({ id: z.string().min(1).max(100) });

/** /api/v1/keys (admin): POST creates a key (shown once, in the reply); DELETE /:id revokes one. */
export function keyRoutes(deps: { nc: NatsConnection }): Router {
  const r = Router();
  r.post('/keys', async (req, res) => {
    const created = await request(deps.nc, createApiKeyRpc, { credential: bearer(req), ...body(req, NewKey) }, { requestId: req.requestId });
    res.status(201).json(created);
  });
  r.delete('/keys/:id', async (req, res) => {
    res.json(await request(deps.nc, revokeApiKeyRpc, { credential: bearer(req), ...params(req, KeyId) }, { requestId: req.requestId }));
  });
  return r;
}
