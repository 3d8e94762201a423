import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorBody } from '@flywheel/contracts';
import { connectNats, openKv, startService, type KV, type NatsConnection } from '@flywheel/kit';
import { startNats, testLogger, waitFor, type TestNats } from '@flywheel/kit/testing';
import { GatewayDefinition } from '@flywheel/gateway-api';
import { spawnService, type ServiceProcess } from './service-process.ts';

const ADMIN_KEY = 'idem-admin-key-0123456789abcdef';
const BUDGETS = '/api/v1/cost-analytics/budgets';

describe('Idempotency-Key on POST and PATCH, with the real cost service', () => {
  let nats: TestNats;
  let nc: NatsConnection;
  let records: KV;
  let dataDir: string;
  let cost: ServiceProcess;
  let gw: { stop(): Promise<void> };
  let base: string;

  beforeAll(async () => {
    nats = await startNats();
    dataDir = mkdtempSync(join(tmpdir(), 'fw-e2e-idem-'));
    cost = await spawnService('cost', { NATS_URL: nats.url, DATA_DIR: dataDir });
    const started = await startService(GatewayDefinition, {
      NATS_URL: nats.url,
      DATA_DIR: dataDir,
      PORT: '0',
      LOG_LEVEL: 'silent',
      FLYWHEEL_ADMIN_KEY: ADMIN_KEY,
    });
    gw = started;
    base = `http://127.0.0.1:${started.instance.port}`;
    nc = await connectNats({ url: nats.url, name: 'idem-test', logger: testLogger(), namespace: 'fw' });
    records = await openKv(nc, 'idempotency');
  });

  afterAll(async () => {
    cost?.proc.kill('SIGCONT');
    await gw?.stop();
    await cost?.kill();
    await nc?.drain();
    await nats?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const send = (method: string, path: string, body: unknown, idem?: string, key = ADMIN_KEY) =>
    fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...(idem ? { 'idempotency-key': idem } : {}) },
      body: JSON.stringify(body),
    });
  const budget = (name: string) => ({ name, scope: { kind: 'global' }, max_budget: 100, budget_duration: 'daily' });
  const budgetsNamed = async (name: string) =>
    ((await (await fetch(`${base}${BUDGETS}`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } })).json()).items as { name?: string }[]).filter(
      (b) => b.name === name,
    );

  it('replays the stored reply for the same key and body: the same budget, no second one', async () => {
    const first = await send('POST', BUDGETS, budget('idem-once'), 'create-once');
    expect(first.status).toBe(201);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    const created = await first.json();
    const again = await send('POST', BUDGETS, budget('idem-once'), 'create-once');
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await again.json()).toEqual(created);
    expect(await budgetsNamed('idem-once')).toHaveLength(1);
  });

  it('refuses the same key with another body with 422 UNPROCESSABLE and creates nothing', async () => {
    expect((await send('POST', BUDGETS, budget('idem-a'), 'reused')).status).toBe(201);
    const other = await send('POST', BUDGETS, budget('idem-b'), 'reused');
    expect(other.status).toBe(422);
    expect(ErrorBody.parse((await other.json()).error).code).toBe('UNPROCESSABLE');
    expect(await budgetsNamed('idem-b')).toHaveLength(0);
  });

  it('keeps keys per caller: another admin key with the same Idempotency-Key makes its own budget', async () => {
    const made = await send('POST', '/api/v1/keys', { accountId: 'acct-idem', role: 'admin' });
    const other = (await made.json()).key as string;
    const mine = await (await send('POST', BUDGETS, budget('idem-per-caller'), 'shared-key')).json();
    const theirs = await send('POST', BUDGETS, budget('idem-per-caller'), 'shared-key', other);
    expect(theirs.status).toBe(201);
    expect(theirs.headers.get('idempotent-replayed')).toBeNull();
    expect((await theirs.json()).id).not.toBe(mine.id);
  });

  it('replays a final error too: PATCH of an unknown budget is 404 again, marked replayed', async () => {
    const first = await send('PATCH', `${BUDGETS}/bud_nope`, { name: 'x' }, 'patch-missing');
    expect(first.status).toBe(404);
    const again = await send('PATCH', `${BUDGETS}/bud_nope`, { name: 'x' }, 'patch-missing');
    expect(again.status).toBe(404);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(ErrorBody.parse((await again.json()).error).code).toBe('NOT_FOUND');
  });

  it('answers 409 CONFLICT with Retry-After while the first request with the key is still running', async () => {
    const before = (await records.status()).values;
    cost.proc.kill('SIGSTOP');
    const first = send('POST', BUDGETS, budget('idem-slow'), 'in-flight');
    await waitFor(async () => (await records.status()).values > before, { what: 'the first request to claim its key' });
    const second = await send('POST', BUDGETS, budget('idem-slow'), 'in-flight');
    cost.proc.kill('SIGCONT');
    expect(second.status).toBe(409);
    expect(second.headers.get('retry-after')).toBe('1');
    expect(ErrorBody.parse((await second.json()).error).code).toBe('CONFLICT');
    const done = await first;
    expect(done.status).toBe(201);
    const replay = await send('POST', BUDGETS, budget('idem-slow'), 'in-flight');
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect((await replay.json()).id).toBe((await done.json()).id);
    expect(await budgetsNamed('idem-slow')).toHaveLength(1);
  });

  it('refuses an Idempotency-Key on a route whose reply holds a secret, and a malformed key', async () => {
    const secret = await send('POST', '/api/v1/keys', { accountId: 'acct-idem', role: 'viewer' }, 'mint-once');
    expect(secret.status).toBe(400);
    expect((await secret.json()).error.message).toMatch(/secret/);
    const long = await send('POST', BUDGETS, budget('idem-long'), 'k'.repeat(256));
    expect(long.status).toBe(400);
    expect((await long.json()).error.message).toMatch(/Idempotency-Key/);
  });
});
