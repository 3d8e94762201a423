import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import express, { Router } from 'express';

/** Serves the built dashboard at `/`, with index.html for client-side routes. */
export function dashboard(dist: string): Router {
  const r = Router();
  const root = resolve(dist);
  const index = resolve(root, 'index.html');
  r.use(express.static(root, { index: 'index.html', maxAge: '1h' }));
  // Case-insensitive like Express's own matching: `/API/v1/nope` is the API's JSON 404, not the dashboard.
  r.get(/^\/(?!api\/|metrics|health|ws).*/i, (_req, res, next) => (existsSync(index) ? res.sendFile(index) : next()));
  return r;
}
