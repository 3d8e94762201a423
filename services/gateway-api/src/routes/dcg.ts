import { Router } from 'express';
import type { ApiDeps } from './deps.ts';

/** /api/v1 routes for dcg. */
export function dcgRoutes(_deps: ApiDeps): Router {
  return Router();
}
