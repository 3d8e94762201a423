import { Router } from 'express';
import type { ApiDeps } from './deps.ts';

/** /api/v1 routes for ws-token. */
export function wsTokenRoutes(_deps: ApiDeps): Router {
  return Router();
}
