import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import express from 'express';
import helmet from 'helmet';
import { startService, type RunningService } from '@flywheel/kit';
import { startNats, type TestNats } from '@flywheel/kit/testing';
import { GatewayDefinition, type createGatewayService } from '../src/service.ts';
import type { GatewayConfig } from '../src/config.ts';
import { HELMET_OPTIONS } from '../src/http/security-headers.ts';

const ADMIN_KEY = 'edge-admin-key-0123456789abcdef';
const ALLOWED = 'https://ops.example.com';

let nats: TestNats;
let dataDir: string;
const gateways: RunningService<GatewayConfig, Awaited<ReturnType<typeof createGatewayService>>>[] = [];

async function gateway(env: Record<string, string> = {}): Promise<string> {
  const gw = await startService(GatewayDefinition, {
    NATS_URL: nats.url,
    DATA_DIR: dataDir,
    PORT: '0',
    LOG_LEVEL: 'silent',
    FLYWHEEL_ADMIN_KEY: ADMIN_KEY,
    ...env,
  });
  gateways.push(gw);
  return `http://127.0.0.1:${gw.instance.port}`;
}

let base: string;
let withCors: string;
let hurried: string;
beforeAll(async () => {
  nats = await startNats();
  dataDir = mkdtempSync(join(tmpdir(), 'fw-gw-edge-'));
  base = await gateway();
  withCors = await gateway({ CORS_ORIGINS: `${ALLOWED}, http://localhost:5173/` });
  hurried = await gateway({ HEADERS_TIMEOUT_MS: '300' });
});

afterAll(async () => {
  for (const gw of gateways) await gw.stop();
  await nats?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const csp = (res: Response) =>
  Object.fromEntries(
    (res.headers.get('content-security-policy') ?? '')
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .map(([k, ...v]) => [k, v]),
  );

/** Sends raw bytes and returns what the server answered before closing. */
const raw = (url: string, bytes: string) =>
  new Promise<string>((resolve, reject) => {
    const s = connect(Number(new URL(url).port), '127.0.0.1');
    let got = '';
    s.on('data', (d) => (got += d));
    s.on('close', () => resolve(got));
    s.on('error', reject);
    s.write(bytes);
  });

describe('security headers', () => {
  it('serves the dashboard under a CSP that allows its own scripts and styles and nothing inline for scripts', async () => {
    const res = await fetch(`${base}/`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    const policy = csp(res);
    expect(policy['default-src']).toEqual(["'self'"]);
    expect(policy['script-src']).toEqual(["'self'"]);
    expect(policy['connect-src']).toEqual(["'self'"]);
    expect(policy['frame-ancestors']).toEqual(["'none'"]);
    expect(policy['object-src']).toEqual(["'none'"]);
    expect(policy['upgrade-insecure-requests']).toBeUndefined();
    for (const src of html.match(/(?:src|href)="([^"]+)"/g) ?? []) {
      const path = src.split('"')[1];
      expect(path.startsWith('/'), path).toBe(true);
      expect((await fetch(`${base}${path}`)).status, path).toBe(200);
    }
  });

  it('serves /api/docs whose scripts all come from the gateway itself', async () => {
    const res = await fetch(`${base}/api/docs`);
    const html = await res.text();
    expect(csp(res)['script-src']).toEqual(["'self'"]);
    const scripts = [...html.matchAll(/<script([^>]*)>/g)].map((m) => m[1]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const s of scripts) expect(s).toMatch(/src="\/api\/docs\//);
  });

  it('sends the browser hardening headers on API answers too, and no x-powered-by', async () => {
    const res = await fetch(`${base}/api/v1/openapi.json`);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(res.headers.get('x-powered-by')).toBeNull();
  });
});

/** The headers helmet itself sets, per request, with the gateway's options: a reference app running helmet as a middleware. */
async function helmetItself(): Promise<Record<string, string>[]> {
  const app = express();
  app.use(helmet(HELMET_OPTIONS));
  app.get('/', (_req, res) => void res.send('ok'));
  const server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  try {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const plain = new Set(['date', 'connection', 'keep-alive', 'content-length', 'content-type', 'etag', 'transfer-encoding']);
    const pick = (res: Response) => {
      const out: Record<string, string> = {};
      res.headers.forEach((value, name) => void (plain.has(name) ? undefined : (out[name] = value)));
      return out;
    };
    return [pick(await fetch(url)), pick(await fetch(url))];
  } finally {
    server.close();
  }
}

describe('helmet’s headers, computed once at start', () => {
  it('are what helmet sets on every request, on every kind of answer: API, errors, 404, docs, dashboard files, HEAD', async () => {
    const [first, second] = await helmetItself();
    // Nothing helmet sets depends on the request (no CSP nonce): two requests get the same headers.
    expect(second).toEqual(first);
    expect(Object.keys(first)).toEqual(expect.arrayContaining(['content-security-policy', 'strict-transport-security', 'x-frame-options']));
    expect(first['x-powered-by']).toBeUndefined();
    const index = await (await fetch(`${base}/`)).text();
    const asset = index.match(/src="(\/assets\/[^"]+)"/)?.[1];
    expect(asset).toBeDefined();
    const auth = { authorization: `Bearer ${ADMIN_KEY}` };
    const answers: [string, Promise<Response>, number][] = [
      ['openapi', fetch(`${base}/api/v1/openapi.json`), 200],
      ['an API read', fetch(`${base}/api/v1/auth/me`, { headers: auth }), 200],
      ['no key', fetch(`${base}/api/v1/auth/me`), 401],
      ['malformed JSON', fetch(`${base}/api/v1/keys`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: '{' }), 400],
      [
        'too large',
        fetch(`${base}/api/v1/keys`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: `"${'x'.repeat(2_000_000)}"` }),
        413,
      ],
      ['API 404', fetch(`${base}/api/v1/no-such-thing`, { headers: auth }), 404],
      ['/api/docs', fetch(`${base}/api/docs`), 200],
      ['swagger-ui file', fetch(`${base}/api/docs/assets/swagger-ui.css`), 200],
      ['dashboard', fetch(`${base}/`), 200],
      ['dashboard file', fetch(`${base}${asset}`), 200],
      ['client-side route', fetch(`${base}/agents/agt_1`), 200],
      ['HEAD /health', fetch(`${base}/health`, { method: 'HEAD' }), 200],
      ['HEAD of an API read', fetch(`${base}/api/v1/auth/me`, { method: 'HEAD', headers: auth }), 200],
    ];
    for (const [what, pending, status] of answers) {
      const res = await pending;
      expect(res.status, what).toBe(status);
      for (const [name, value] of Object.entries(first)) expect(res.headers.get(name), `${what}: ${name}`).toBe(value);
      expect(res.headers.get('x-powered-by'), what).toBeNull();
      await res.arrayBuffer();
    }
  });
});

describe('CORS', () => {
  const preflight = (url: string, origin: string) =>
    fetch(`${url}/api/v1/fleet`, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization,idempotency-key' },
    });

  it('answers no origin by default', async () => {
    const res = await fetch(`${base}/api/v1/openapi.json`, { headers: { origin: ALLOWED } });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect((await preflight(base, ALLOWED)).headers.get('access-control-allow-origin')).toBeNull();
  });

  it('allows a configured origin, with the headers a client needs, and no other', async () => {
    const ok = await preflight(withCors, ALLOWED);
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(ok.headers.get('access-control-allow-headers')).toContain('idempotency-key');
    const local = await fetch(`${withCors}/api/v1/openapi.json`, { headers: { origin: 'http://localhost:5173' } });
    expect(local.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(local.headers.get('access-control-expose-headers')).toContain('x-request-id');
    const other = await fetch(`${withCors}/api/v1/openapi.json`, { headers: { origin: 'https://evil.example.com' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('request ids and malformed requests', () => {
  it('keeps a sane X-Request-Id, replaces an insane one, and returns it in errors', async () => {
    const kept = await fetch(`${base}/api/v1/fleet`, { headers: { 'x-request-id': 'trace-42' } });
    expect(kept.headers.get('x-request-id')).toBe('trace-42');
    expect((await kept.json()).error.requestId).toBe('trace-42');
    const replaced = await fetch(`${base}/health`, { headers: { 'x-request-id': 'bad id with spaces' } });
    expect(replaced.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers a client that does not finish its headers in time with 408 and closes it', async () => {
    const answer = await raw(hurried, 'GET /health HTTP/1.1\r\nHost: x\r\n');
    expect(answer).toMatch(/^HTTP\/1.1 408 Request Timeout/);
    expect(answer).toContain('"code":"BAD_REQUEST"');
  });

  it('answers a request line it cannot parse with 400 and stays up', async () => {
    expect(await raw(base, 'NOT HTTP AT ALL\r\n\r\n')).toMatch(/^HTTP\/1.1 400 Bad Request/);
    expect((await fetch(`${base}/health`)).status).toBe(200);
  });
});
