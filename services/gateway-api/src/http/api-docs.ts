import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import express, { Router } from 'express';

const require = createRequire(import.meta.url);
const SWAGGER_UI = dirname(require.resolve('swagger-ui-dist/package.json'));

// No inline script, so the page works under a CSP without 'unsafe-inline' for scripts.
const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Flywheel Gateway API</title>
<link rel="stylesheet" href="/api/docs/assets/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/api/docs/assets/swagger-ui-bundle.js"></script>
<script src="/api/docs/init.js"></script></body></html>`;

const INIT = `window.ui = SwaggerUIBundle({ url: '/api/v1/openapi.json', dom_id: '#swagger-ui', deepLinking: true,
  persistAuthorization: false, tryItOutEnabled: true, validatorUrl: null });`;

/** `/api/docs`: an interactive reference of /api/v1/openapi.json, served from the swagger-ui-dist package (no CDN). */
export function apiDocs(): Router {
  const r = Router();
  r.get('/api/docs', (_req, res) => void res.type('html').send(PAGE));
  r.get('/api/docs/init.js', (_req, res) => void res.type('application/javascript').send(INIT));
  r.use('/api/docs/assets', express.static(SWAGGER_UI, { index: false, maxAge: '1d' }));
  return r;
}
