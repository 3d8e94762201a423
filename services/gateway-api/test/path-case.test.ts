/**
 * Express matches paths case-insensitively, so `/API/v1/...` is the API as much as `/api/v1/...`: an unmatched one is
 * audited like its lower-case twin and answered with the JSON 404, never with the dashboard's index.html.
 */
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import express from 'express';
import { startNats, waitFor, type TestNats } from '@flywheel/kit/testing';
import { dashboard } from '../src/http/static.ts';
import { startGateway, type TestGateway } from './ops-support.ts';

const INDEX = '<!doctype html><title>dashboard</title>';

let nats: TestNats;
let gw: TestGateway;
let web: string;

beforeAll(async () => {
  nats = await startNats();
  web = mkdtempSync(join(tmpdir(), 'fw-gw-web-'));
  writeFileSync(join(web, 'index.html'), INDEX);
  gw = await startGateway(nats.url, { WEB_DIST: web });
});

afterAll(async () => {
  await gw?.stop();
  await nats?.stop();
  rmSync(web, { recursive: true, force: true });
});

describe('API paths in any letter case', () => {
  it('a client-side route gets index.html; an unmatched API path gets the JSON 404 whatever its case', async () => {
    const page = await gw.api('GET', '/tasks', { key: null });
    expect(page.status).toBe(200);
    expect(page.text).toBe(INDEX);
    for (const path of ['/api/v1/nope', '/API/v1/nope', '/Api/V1/nope']) {
      const r = await gw.api('GET', path);
      expect(r.status, path).toBe(404);
      expect(r.headers.get('content-type'), path).toMatch(/^application\/json/);
      expect(r.body, path).toMatchObject({ error: { code: 'NOT_FOUND' } });
    }
  });

  it('the dashboard’s history-mode fallback alone leaves API, metrics, health and ws paths in any case to what follows it', async () => {
    const app = express();
    app.use(dashboard(web));
    app.use((_req, res) => void res.status(404).json({ passedOn: true }));
    const server = app.listen(0, '127.0.0.1');
    await once(server, 'listening');
    try {
      const at = (path: string) => fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`);
      expect(await (await at('/tasks')).text()).toBe(INDEX);
      for (const path of ['/api/v1/nope', '/API/v1/nope', '/Api/v1/nope', '/METRICS', '/Health', '/WS']) {
        const r = await at(path);
        expect(r.status, path).toBe(404);
        expect(await r.json(), path).toEqual({ passedOn: true });
      }
    } finally {
      server.close();
    }
  });

  it('an unmatched POST is audited whatever its case', async () => {
    for (const path of ['/api/v1/nope-lower', '/API/v1/nope-upper']) expect((await gw.api('POST', path, { body: {} })).status, path).toBe(404);
    const routes = await waitFor(
      async () => {
        const items = (await gw.api('GET', '/api/v1/audit?limit=1000')).body.items as { action: string; route: string; status: number }[];
        const unmatched = items.filter((r) => r.action === 'unmatched' && r.status === 404).map((r) => r.route);
        return unmatched.length >= 2 ? unmatched : undefined;
      },
      { what: 'both unmatched POSTs in the audit' },
    );
    expect(routes.sort()).toEqual(['/API/v1/nope-upper', '/api/v1/nope-lower']);
  });
});
