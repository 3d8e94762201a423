import { Router } from 'express';
import type { ApiDeps } from './deps.ts';

/** /api/v1 routes for cost-analytics. */
export function costRoutes(_deps: ApiDeps): Router {
  return Router();
}
