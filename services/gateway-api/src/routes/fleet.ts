import { Router } from 'express';
import type { ApiDeps } from './deps.ts';

/** /api/v1 routes for fleet. */
export function fleetRoutes(_deps: ApiDeps): Router {
  return Router();
}
