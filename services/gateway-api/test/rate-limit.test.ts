import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorBody } from '@flywheel/contracts';
import { startService, type RunningService } from '@flywheel/kit';
import { startNats, type TestNats } from '@flywheel/kit/testing';
import { GatewayDefinition, type createGatewayService } from '../src/service.ts';
import type { GatewayConfig } from '../src/config.ts';

const ADMIN_KEY = 'rate-admin-key-0123456789abcdef';

let nats: TestNats;
const dirs: string[] = [];
const gateways: RunningService<GatewayConfig, Awaited<ReturnType<typeof createGatewayService>>>[] = [];

/** A gateway on the shared broker; every one in a namespace shares keys and rate-limit counters. */
async function gateway(env: Record<string, string>): Promise<string> {
  const dataDir = mkdtempSync(join(tmpdir(), 'fw-gw-rate-'));
  dirs.push(dataDir);
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

beforeAll(async () => {
  nats = await startNats();
});

afterAll(async () => {
  for (const gw of gateways) await gw.stop();
  await nats?.stop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const get = (base: string, path: string, key?: string) => fetch(`${base}${path}`, { headers: key ? { authorization: `Bearer ${key}` } : {} });

/** A viewer key, made through `admin`, a gateway of the same namespace whose own key limit is high. */
async function newKey(admin: string): Promise<string> {
  const res = await fetch(`${admin}/api/v1/keys`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ accountId: 'acct-rate', role: 'viewer' }),
  });
  expect(res.status).toBe(201);
  return (await res.json()).key;
}

/** Round-robin over the gateways, one request at a time, as a load balancer would. */
async function roundRobin(bases: string[], n: number, path: string, key?: string): Promise<{ base: string; res: Response }[]> {
  const out = [];
  for (let i = 0; i < n; i++) {
    const base = bases[i % bases.length];
    out.push({ base, res: await get(base, path, key) });
  }
  return out;
}

async function expectLimited(res: Response, limit: 'key' | 'ip'): Promise<void> {
  expect(res.status).toBe(429);
  const retryAfter = Number(res.headers.get('retry-after'));
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  // A refusal says how much is left too (draft 8): nothing.
  expect(res.headers.get('ratelimit')).toMatch(new RegExp(`^"${limit}"; r=0; t=\\d+$`));
  expect(res.headers.get('ratelimit-policy')).toMatch(new RegExp(`^"${limit}"; q=\\d+; w=3600; pk=:[A-Za-z0-9+/=]+:$`));
  const body = await res.json();
  expect(Object.keys(body)).toEqual(['error']);
  const error = ErrorBody.parse(body.error);
  expect(error).toMatchObject({ code: 'RATE_LIMITED', details: { limit, retryAfterS: retryAfter } });
  expect(error.requestId).toBe(res.headers.get('x-request-id'));
}

describe('rate limits shared by every gateway on the broker', () => {
  let a: string;
  let b: string;
  let admin: string;
  beforeAll(async () => {
    const env = { RATE_LIMIT_PER_KEY: '4', RATE_LIMIT_PER_IP: '0', RATE_LIMIT_WINDOW_MS: '3600000', FLYWHEEL_NAMESPACE: 'perkey' };
    [a, b, admin] = [await gateway(env), await gateway(env), await gateway({ ...env, RATE_LIMIT_PER_KEY: '1000' })];
  });

  it('counts a key’s requests split across two gateways against one limit', async () => {
    const key = await newKey(admin);
    const answers = await roundRobin([a, b], 10, '/api/v1/auth/me', key);
    expect(answers.map((x) => x.res.status)).toEqual([200, 200, 200, 200, 429, 429, 429, 429, 429, 429]);
    for (const { res } of answers.slice(4)) await expectLimited(res, 'key');
    expect(new Set(answers.slice(4).map((x) => x.base))).toEqual(new Set([a, b]));
  });

  it('says how much is left in RateLimit headers (draft 8), per key', async () => {
    const key = await newKey(admin);
    const res = await get(a, '/api/v1/auth/me', key);
    expect(res.headers.get('ratelimit')).toMatch(/^"key"; r=3; t=\d+$/);
    expect(res.headers.get('ratelimit-policy')).toMatch(/^"key"; q=4; w=3600; pk=:[A-Za-z0-9+/=]+:$/);
  });

  it('keeps other keys, /health and the OpenAPI document out of a spent key’s limit', async () => {
    const spent = await newKey(admin);
    await roundRobin([a, b], 5, '/api/v1/auth/me', spent);
    expect((await get(b, '/api/v1/auth/me', await newKey(admin))).status).toBe(200);
    for (let i = 0; i < 6; i++) {
      expect((await get(a, '/health', spent)).status).not.toBe(429);
      expect((await get(b, '/api/v1/openapi.json', spent)).status).toBe(200);
    }
  });
});

describe('the per-address limit', () => {
  let a: string;
  let b: string;
  beforeAll(async () => {
    const env = { RATE_LIMIT_PER_KEY: '0', RATE_LIMIT_PER_IP: '3', RATE_LIMIT_WINDOW_MS: '3600000', FLYWHEEL_NAMESPACE: 'perip' };
    [a, b] = [await gateway(env), await gateway(env)];
  });

  it('counts requests without a key or with a bad one, across gateways, and refuses with 429', async () => {
    const answers = await roundRobin([a, b], 5, '/api/v1/fleet', 'fwk_not-a-key');
    expect(answers.map((x) => x.res.status)).toEqual([401, 401, 401, 429, 429]);
    await expectLimited(answers[3].res, 'ip');
    expect((await get(b, '/health')).status).not.toBe(429);
    expect((await get(a, '/')).status).toBe(200);
  });
});

describe('the limits and the spelling of a path', () => {
  let a: string;
  beforeAll(async () => {
    a = await gateway({ RATE_LIMIT_PER_KEY: '0', RATE_LIMIT_PER_IP: '3', RATE_LIMIT_WINDOW_MS: '3600000', FLYWHEEL_NAMESPACE: 'percase' });
  });

  it('counts a path in other letter cases or with a trailing slash, which Express routes to the same handler', async () => {
    const statuses: number[] = [];
    for (const path of ['/API/V1/fleet', '/Api/v1/Fleet/', '/api/v1/FLEET', '/API/v1/fleet']) statuses.push((await get(a, path, 'fwk_not-a-key')).status);
    expect(statuses).toEqual([401, 401, 401, 429]);
  });
});
