import { Router } from 'express';
import type { ApiDeps } from './deps.ts';

/** /api/v1 routes for coordination. */
export function coordinationRoutes(_deps: ApiDeps): Router {
  return Router();
}
