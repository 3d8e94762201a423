import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import SwaggerParser from '@apidevtools/swagger-parser';
import { allRoutes, API, routeErrors, HTTP_STATUS } from '@flywheel/contracts';
import { startService, type RunningService } from '@flywheel/kit';
import { startNats, testLogger, type TestNats } from '@flywheel/kit/testing';
import { Registry } from 'prom-client';
import { type createGatewayService, GatewayDefinition } from '../src/service.ts';
import type { GatewayConfig } from '../src/config.ts';
import { createApp } from '../src/http/app.ts';
import { expressRoutes } from './support/express-routes.ts';

let nats: TestNats;
let gw: RunningService<GatewayConfig, Awaited<ReturnType<typeof createGatewayService>>>;
let dataDir: string;
let base: string;
let doc: { paths: Record<string, Record<string, { security: unknown[]; responses: Record<string, unknown>; operationId: string }>> };

beforeAll(async () => {
  nats = await startNats();
  dataDir = mkdtempSync(join(tmpdir(), 'fw-gw-openapi-'));
  gw = await startService(GatewayDefinition, { NATS_URL: nats.url, DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'silent' });
  base = `http://127.0.0.1:${gw.instance.port}`;
  const res = await fetch(`${base}/api/v1/openapi.json`);
  expect(res.status).toBe(200);
  doc = await res.json();
});

afterAll(async () => {
  await gw?.stop();
  await nats?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const openApiPath = (p: string) => p.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

describe('the OpenAPI document', () => {
  it('is served without a key and validates as OpenAPI 3.1 with an independent parser', async () => {
    const api = await SwaggerParser.validate(structuredClone(doc) as never);
    expect((api as { openapi: string }).openapi).toBe('3.1.0');
  });

  it('lists every route descriptor with its security requirement and every error it may answer', () => {
    for (const r of allRoutes(API)) {
      const op = doc.paths[openApiPath(r.path)]?.[r.method.toLowerCase()];
      expect(op, `${r.method} ${r.path}`).toBeDefined();
      expect(op.security).toEqual(r.access === 'public' ? [] : [{ apiKey: [] }]);
      for (const code of routeErrors(r)) expect(Object.keys(op.responses), `${r.method} ${r.path} ${code}`).toContain(String(HTTP_STATUS[code]));
      expect(Object.keys(op.responses)).toContain(String(r.status));
    }
  });

  it('has unique operation ids', () => {
    const ids = Object.values(doc.paths).flatMap((p) => Object.values(p).map((o) => o.operationId));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(allRoutes(API).length);
  });
});

describe('the gateway answers only described routes', () => {
  it('mounts no /api/v1 route, /health, /metrics or /mcp route that has no descriptor', () => {
    const noop = new Proxy({}, { get: () => new Proxy({}, { get: () => () => ({}) }) });
    const app = createApp({
      logger: testLogger(),
      registry: new Registry(),
      bodyLimit: '1mb',
      webDist: dataDir,
      handlers: noop as never,
      verify: () => ({ accountId: 'a', role: 'admin' }),
    });
    const described = new Set(allRoutes(API).map((r) => `${r.method} ${r.path}`));
    const mounted = expressRoutes(app).filter((r) => /^\/(api\/v1|health|metrics|mcp)/.test(r.path));
    expect(mounted.length).toBeGreaterThanOrEqual(described.size);
    for (const r of mounted) expect(described, `${r.method} ${r.path}`).toContain(`${r.method} ${r.path}`);
  });

  it('answers an undescribed /api/v1 path with 404 in the error envelope', async () => {
    // With a key, so the answer is about the path and not about the missing credential.
    const key = readFileSync(join(dataDir, 'admin.key'), 'utf8').trim();
    const res = await fetch(`${base}/api/v1/no-such-thing`, { method: 'POST', headers: { authorization: `Bearer ${key}` } });
    expect(res.status).toBe(404);
    expect((await res.json()).error).toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('/api/docs', () => {
  it('serves an interactive reference page and its assets from the package, no CDN', async () => {
    const page = await fetch(`${base}/api/docs`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('swagger-ui');
    expect(html).not.toMatch(/https?:\/\//);
    for (const asset of ['/api/docs/assets/swagger-ui-bundle.js', '/api/docs/assets/swagger-ui.css', '/api/docs/init.js']) {
      const res = await fetch(`${base}${asset}`);
      expect(res.status, asset).toBe(200);
      expect((await res.text()).length).toBeGreaterThan(10);
    }
    expect(await (await fetch(`${base}/api/docs/init.js`)).text()).toContain('/api/v1/openapi.json');
  });
});
