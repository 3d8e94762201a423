import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorBody } from '@flywheel/contracts';
import { startService } from '@flywheel/kit';
import { startNats, type TestNats } from '@flywheel/kit/testing';
import { GatewayDefinition } from '@flywheel/gateway-api';
import { spawnService, type ServiceProcess } from './service-process.ts';

const ADMIN_KEY = 'peer-admin-key-0123456789abcdef';
const BUDGETS = '/api/v1/cost-analytics/budgets';

describe('a cost service that is slow or gone, seen through the gateway', () => {
  let nats: TestNats;
  let dataDir: string;
  let cost: ServiceProcess;
  const gateways: { stop(): Promise<void> }[] = [];

  async function gateway(env: Record<string, string>): Promise<string> {
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
    dataDir = mkdtempSync(join(tmpdir(), 'fw-e2e-peer-'));
    cost = await spawnService('cost', { NATS_URL: nats.url, DATA_DIR: dataDir });
  });

  afterAll(async () => {
    cost?.proc.kill('SIGCONT');
    for (const gw of gateways) await gw.stop();
    await cost?.kill();
    await nats?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const get = (base: string, path = BUDGETS) => fetch(`${base}${path}`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } });

  /** 503 UNAVAILABLE in the envelope, Retry-After as a header and in the details; returns the error. */
  async function expectUnavailable(res: Response): Promise<ErrorBody> {
    expect(res.status).toBe(503);
    const error = ErrorBody.parse((await res.json()).error);
    expect(error.code).toBe('UNAVAILABLE');
    const after = Number(res.headers.get('retry-after'));
    expect(after).toBeGreaterThanOrEqual(1);
    expect(error.details).toMatchObject({ retryAfterS: after });
    return error;
  }

  it('answers 503 with Retry-After when the peer stops answering: at its RPC timeout, or at the request deadline if sooner', async () => {
    const patient = await gateway({ REQUEST_TIMEOUT_MS: '10000' });
    const hurried = await gateway({ REQUEST_TIMEOUT_MS: '300' });
    expect((await get(patient)).status).toBe(200);
    cost.proc.kill('SIGSTOP');
    try {
      const [timedOut, late] = await Promise.all([get(patient), get(hurried)]);
      expect((await expectUnavailable(timedOut)).details).toMatchObject({ reason: 'timeout' });
      expect((await expectUnavailable(late)).details).toMatchObject({ reason: 'deadline' });
    } finally {
      cost.proc.kill('SIGCONT');
    }
    expect((await get(patient)).status).toBe(200);
  });

  it('when the peer is gone: 503 with Retry-After on every call, never a 500, until the breaker opens and answers at once', async () => {
    const base = await gateway({});
    expect((await get(base)).status).toBe(200);
    cost.proc.kill('SIGTERM');
    expect(await cost.exited).toBe(0);
    const errors: ErrorBody[] = [];
    for (let i = 0; i < 12; i++) errors.push(await expectUnavailable(await get(base)));
    expect(errors[0].details).toMatchObject({ reason: 'no_responders' });
    const open = errors.findIndex((e) => (e.details as { reason?: string }).reason === 'circuit_open');
    expect(open).toBeGreaterThan(0);
    expect(errors.slice(open).every((e) => (e.details as { reason?: string }).reason === 'circuit_open')).toBe(true);
    expect(errors[open].message).toMatch(/circuit open/);
    const metrics = await (await get(base, '/metrics')).text();
    expect(metrics).toMatch(/breaker_state\{breaker="cost"[^}]*\} 2$/m);
  });
});
