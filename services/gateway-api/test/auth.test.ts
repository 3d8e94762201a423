import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API, createApiClient, verifyCredentialRpc, WsToken, type Role } from '@flywheel/contracts';
import { request, startService, type RunningService } from '@flywheel/kit';
import { freePort, startNats, type TestNats } from '@flywheel/kit/testing';
import { GatewayDefinition } from '../src/service.ts';

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

/** Makes a key over REST with the given credential (an admin's, or not). */
const createKey = (credential: string, accountId: string, role: Role) =>
  createApiClient(API, { baseUrl: base, credential: () => credential }).keys.create({ body: { accountId, role } });

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
    const viewer = await createKey(adminKey, 'acct-a', 'viewer');
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
    const viewer = await createKey(adminKey, 'acct-b', 'viewer');
    await expect(createKey(viewer.key, 'x', 'admin')).rejects.toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
  });

  it('creates and revokes keys over REST; revoking a key ends its ws tokens', async () => {
    const keys = (method: string, path: string, key: string, json?: unknown) =>
      fetch(`${base}/api/v1/keys${path}`, {
        method,
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: json ? JSON.stringify(json) : undefined,
      });
    const created = await keys('POST', '', adminKey, { accountId: 'acct-c', role: 'operator' });
    expect(created.status).toBe(201);
    const { id, key } = (await created.json()) as { id: string; key: string };
    expect((await keys('POST', '', key, { accountId: 'acct-c', role: 'admin' })).status).toBe(403);
    const { token } = WsToken.parse(await (await wsToken(key)).json());
    expect((await keys('DELETE', `/${id}`, adminKey)).status).toBe(200);
    await expect(request(gw.deps.nc, verifyCredentialRpc, { credential: token })).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect(request(gw.deps.nc, verifyCredentialRpc, { credential: key })).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });

  it('identifies a Bearer key in-process on every /api/v1 route and answers 401 for a bad one', async () => {
    const ok = await wsToken(adminKey);
    expect(ok.status).toBe(201);
    const bad = await fetch(`${base}/api/v1/fleet`, { headers: { authorization: 'Bearer fwk_wrong' } });
    expect(bad.status).toBe(401);
    expect((await bad.json()).error.code).toBe('UNAUTHORIZED');
    expect((await fetch(`${base}/api/v1/fleet`, { headers: { authorization: 'Basic abc' } })).status).toBe(401);
  });
});
