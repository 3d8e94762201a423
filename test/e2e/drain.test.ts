import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { costRpcs, REQUEST_ID_HEADER } from '@flywheel/contracts';
import { connectNats, startService, wireSubject, type NatsConnection, type RunningService } from '@flywheel/kit';
import { freePort, startNats, testLogger, type TestNats } from '@flywheel/kit/testing';
import { HubDefinition } from '@flywheel/ws-hub';
import { spawnService, type ServiceProcess } from './service-process.ts';

const ADMIN_KEY = 'drain-admin-key-0123456789abcdef';

/**
 * The gateway as a process (node --import tsx services/gateway-api/src/main.ts), the cost service as a
 * process (SIGSTOP makes it a slow peer), the ws-hub in this one.
 */
describe('the gateway process', () => {
  let nats: TestNats;
  let nc: NatsConnection;
  let dataDir: string;
  let cost: ServiceProcess;
  let gateway: ServiceProcess;
  let hub: RunningService;
  let base: string;

  beforeAll(async () => {
    nats = await startNats();
    dataDir = mkdtempSync(join(tmpdir(), 'fw-e2e-drain-'));
    const [port, hubPort] = [await freePort(), await freePort()];
    base = `http://127.0.0.1:${port}`;
    const env = {
      NATS_URL: nats.url,
      DATA_DIR: dataDir,
      FLYWHEEL_ADMIN_KEY: ADMIN_KEY,
      WS_HUB_PORT: String(hubPort),
      WS_HUB_URL: `http://127.0.0.1:${hubPort}`,
    };
    hub = await startService(HubDefinition, { ...env, LOG_LEVEL: 'silent' });
    cost = await spawnService('cost', env);
    gateway = await spawnService('gateway-api', { ...env, PORT: String(port), DRAIN_TIMEOUT_MS: '8000' });
    nc = await connectNats({ url: nats.url, name: 'drain-test', logger: testLogger(), namespace: 'fw' });
  }, 150_000);

  afterAll(async () => {
    cost?.proc.kill('SIGCONT');
    await gateway?.kill();
    await cost?.kill();
    await hub?.stop();
    await nc?.drain();
    await nats?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const auth = { authorization: `Bearer ${ADMIN_KEY}` };

  describe('access log', () => {
    it('logs one line per request with the request id, route pattern, status, duration and caller; the id travels on to the service', async () => {
      const seen = nc.subscribe(wireSubject(nc, costRpcs.rateCardImport.subject), { max: 1 });
      await nc.flush();
      const res = await fetch(`${base}/api/v1/cost-analytics/rate-cards`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json', 'x-request-id': 'trace-access-1', cookie: 'session=cookie-secret' },
        body: JSON.stringify({
          id: 'drain-card',
          version: 'body-secret-v1',
          effectiveFrom: '2025-01-01T00:00:00Z',
          prices: { 'drain-model': { input_cost_per_token: 1e-6, output_cost_per_token: 2e-6 } },
        }),
      });
      expect(res.status).toBe(201);
      const line = await gateway.line((l) => l.requestId === 'trace-access-1' && l.msg === 'request', 'the access log line');
      expect(line).toMatchObject({
        mod: 'http',
        method: 'POST',
        route: '/api/v1/cost-analytics/rate-cards',
        status: 201,
        account: 'admin',
        keyId: expect.any(String),
      });
      expect(line.durationMs).toEqual(expect.any(Number));
      for await (const m of seen) expect(m.headers?.get(REQUEST_ID_HEADER)).toBe('trace-access-1');
    });

    it('never writes a key, a cookie, a body or a query string', async () => {
      await fetch(`${base}/api/v1/cost-analytics/records?agentId=query-secret`, { headers: { ...auth, 'x-request-id': 'trace-access-2' } });
      await gateway.line((l) => l.requestId === 'trace-access-2', 'the second access line');
      const out = gateway.stdout();
      for (const secret of [ADMIN_KEY, 'cookie-secret', 'body-secret-v1', 'query-secret', 'authorization']) expect(out).not.toContain(secret);
    });
  });

  describe('on SIGTERM', () => {
    it('finishes the request in flight, refuses new connections, closes WebSockets with 1001 and exits 0', async () => {
      const { token } = await (await fetch(`${base}/api/v1/ws/token`, { method: 'POST', headers: auth })).json();
      const ws = new WebSocket(`${base.replace('http', 'ws')}/ws?token=${token}`);
      await new Promise((resolve, reject) => (ws.once('open', resolve), ws.once('error', reject)));
      const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));

      // The forecast RPC waits up to 10 s: a peer that is slow, not dead.
      const asked = nc.subscribe(wireSubject(nc, 'svc.cost.forecast'), { max: 1 });
      await nc.flush();
      cost.proc.kill('SIGSTOP');
      const inFlight = fetch(`${base}/api/v1/cost-analytics/forecast`, { headers: auth });
      for await (const _ of asked) break;

      gateway.proc.kill('SIGTERM');
      expect(await closed).toBe(1001);
      await expect(fetch(`${base}/health`)).rejects.toThrow();
      cost.proc.kill('SIGCONT');
      const res = await inFlight;
      expect(res.status).toBe(200);
      expect(await res.json()).toHaveProperty('points');
      expect(await gateway.exited).toBe(0);
      expect(gateway.lines().some((l) => l.msg === 'drain deadline: cutting what is left')).toBe(false);
    });
  });
});
