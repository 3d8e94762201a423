import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyCredentialRpc, WsToken } from '@flywheel/contracts';
import { request, startService, type RunningService } from '@flywheel/kit';
import { freePort, startNats, testLogger, type TestNats } from '@flywheel/kit/testing';
import express from 'express';
import { GatewayDefinition } from '../service.ts';
import { createApiKeyRpc } from './auth-rpcs.ts';
import { authenticate } from './authenticate.ts';
import { requestId } from '../http/request-id.ts';
import { errorHandler } from '../http/errors.ts';

let nats: TestNats;
let gw: RunningService;
let dataDir: string;
let base: string;
let adminKey: string;

beforeAll(async () => {
  nats = await startNats();
  dataDir = mkdtempSync(join(tmpdir(), 'fw-gw-auth-'));
  const port = await freePort();
  gw = await startService(GatewayDefinition, { NATS_URL: nats.url, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'silent' });
  base = `http://127.0.0.1:${port}`;
  adminKey = readFileSync(join(dataDir, 'admin.key'), 'utf8').trim();
});

afterAll(async () => {
  await gw?.stop();
  await nats?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const wsToken = (key?: string) => fetch(`${base}/api/v1/ws/token`, { method: 'POST', headers: key ? { authorization: `Bearer ${key}` } : {} });

describe('gateway API keys and ws tokens', () => {
  it('creates the first admin key on first boot in DATA_DIR/admin.key, readable by its owner only', () => {
    expect(adminKey).toMatch(/^fwk_/);
    expect(statSync(join(dataDir, 'admin.key')).mode & 0o777).toBe(0o600);
  });

  it('verifies an API key over svc.gateway-api.auth.verify', async () => {
    const p = await request(gw.deps.nc, verifyCredentialRpc, { credential: adminKey });
    expect(p).toMatchObject({ accountId: 'admin', role: 'admin' });
    await expect(request(gw.deps.nc, verifyCredentialRpc, { credential: 'fwk_nope' })).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });

  it('trades an API key for a short-lived ws token that verifies to the same principal', async () => {
    const viewer = await request(gw.deps.nc, createApiKeyRpc, { credential: adminKey, accountId: 'acct-a', role: 'viewer' });
    const res = await wsToken(viewer.key);
    expect(res.status).toBe(201);
    const { token, expiresAt } = WsToken.parse(await res.json());
    expect(Date.parse(expiresAt)).toBeGreaterThan(Date.now());
    const p = await request(gw.deps.nc, verifyCredentialRpc, { credential: token });
    expect(p).toEqual({ accountId: 'acct-a', role: 'viewer', keyId: viewer.id });
  });

  it('answers 401 without a key and refuses key creation to a viewer', async () => {
    const res = await wsToken();
    expect(res.status).toBe(401);
    expect((await res.json()).error.code).toBe('UNAUTHORIZED');
    const viewer = await request(gw.deps.nc, createApiKeyRpc, { credential: adminKey, accountId: 'acct-b', role: 'viewer' });
    await expect(request(gw.deps.nc, createApiKeyRpc, { credential: viewer.key, accountId: 'x', role: 'admin' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('creates and revokes keys over REST; revoking a key ends its ws tokens', async () => {
    const keys = (method: string, path: string, key: string, json?: unknown) =>
      fetch(`${base}/api/v1/keys${path}`, { method, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: json ? JSON.stringify(json) : undefined });
    const created = await keys('POST', '', adminKey, { accountId: 'acct-c', role: 'operator' });
    expect(created.status).toBe(201);
    const { id, key } = (await created.json()) as { id: string; key: string };
    expect((await keys('POST', '', key, { accountId: 'acct-c', role: 'admin' })).status).toBe(403);
    const { token } = WsToken.parse(await (await wsToken(key)).json());
    expect((await keys('DELETE', `/${id}`, adminKey)).status).toBe(200);
    await expect(request(gw.deps.nc, verifyCredentialRpc, { credential: token })).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect(request(gw.deps.nc, verifyCredentialRpc, { credential: key })).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });

  it('authenticate() sets req.principal from a Bearer key and answers 401 without one', async () => {
    const app = express();
    app.use(requestId);
    app.get('/me', authenticate(gw.deps.nc), (req, res) => res.json(req.principal));
    app.use(errorHandler(testLogger()));
    const server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/me`;
    const ok = await fetch(url, { headers: { authorization: `Bearer ${adminKey}` } });
    expect(await ok.json()).toMatchObject({ accountId: 'admin', role: 'admin' });
    expect((await fetch(url)).status).toBe(401);
    expect((await fetch(url, { headers: { authorization: 'Bearer fwk_wrong' } })).status).toBe(401);
    await new Promise((r) => server.close(r));
  });
});
