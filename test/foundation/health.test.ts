import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HealthReport } from '@flywheel/contracts';
import { startStack, type Stack } from '../support/index.ts';

describe('GET /health across the six services', () => {
  let stack: Stack;
  let dataDir: string;
  let base: string;
  /** A viewer's key: /metrics and every /api/v1 route need one. */
  let auth: { headers: { authorization: string } };

  beforeAll(async () => {
    // One DATA_DIR for all six, as `npm start` has on one host.
    stack = await startStack({ services: ['ws-hub', 'safety', 'cost', 'coordination', 'agent-runner', 'gateway-api'], sharedDataDir: true });
    dataDir = stack.dataDir('gateway-api');
    base = stack.url;
    auth = { headers: { authorization: `Bearer ${await stack.key('viewer')}` } };
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('reports every service ok with its version, and each owns a SQLite file', async () => {
    const res = await fetch(`${base}/health`);
    expect(res.status).toBe(200);
    const report = HealthReport.parse(await res.json());
    expect(report.status).toBe('ok');
    for (const [name, h] of Object.entries(report.services)) {
      expect(h.status, name).toBe('ok');
      expect(h.version, name).toBe('0.1.0');
    }
    const { readdirSync } = await import('node:fs');
    expect(
      readdirSync(dataDir)
        .filter((f) => f.endsWith('.db'))
        .sort(),
    ).toEqual(['agent-runner.db', 'coordination.db', 'cost.db', 'gateway-api.db', 'safety.db', 'ws-hub.db']);
  });

  it('serves Prometheus text for itself and for a peer over NATS', async () => {
    const own = await (await fetch(`${base}/metrics`, auth)).text();
    expect(own).toContain('http_requests_total');
    const peer = await (await fetch(`${base}/metrics/cost`, auth)).text();
    expect(peer).toContain('service="cost"');
  });

  it('answers bad input with a 4xx in the error envelope', async () => {
    const malformed = await fetch(`${base}/api/v1/anything`, {
      method: 'POST',
      headers: { ...auth.headers, 'content-type': 'application/json' },
      body: '{nope',
    });
    expect(malformed.status).toBe(400);
    expect((await malformed.json()).error).toMatchObject({ code: 'BAD_REQUEST', requestId: expect.any(String) });
    const unknown = await fetch(`${base}/api/v1/does-not-exist`, auth);
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error.code).toBe('NOT_FOUND');
    const badService = await fetch(`${base}/metrics/nope`, auth);
    expect(badService.status).toBe(400);
  });

  it('shows a silent service as unavailable and the whole as degraded, and keeps answering', async () => {
    await stack.stopService('coordination');
    const res = await fetch(`${base}/health`);
    expect(res.status).toBe(200);
    const report = HealthReport.parse(await res.json());
    expect(report.status).toBe('degraded');
    expect(report.services.coordination.status).toBe('unavailable');
    expect(report.services.cost.status).toBe('ok');
  });
});
