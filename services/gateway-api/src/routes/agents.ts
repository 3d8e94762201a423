import { Router } from 'express';
import type { ApiDeps } from './deps.ts';

/** /api/v1 routes for agents. */
export function agentRoutes(_deps: ApiDeps): Router {
  return Router();
}
