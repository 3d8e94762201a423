import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HealthReport } from '@flywheel/contracts';
import { startService, type RunningService } from '@flywheel/kit';
import { freePort, startNats, type TestNats } from '@flywheel/kit/testing';
import { GatewayDefinition } from '../../services/gateway-api/src/service.ts';
import { AgentRunnerDefinition } from '../../services/agent-runner/src/service.ts';
import { CostDefinition } from '../../services/cost/src/service.ts';
import { SafetyDefinition } from '../../services/safety/src/service.ts';
import { CoordinationDefinition } from '../../services/coordination/src/service.ts';
import { HubDefinition } from '../../services/ws-hub/src/service.ts';

describe('GET /health across the six services', () => {
  let nats: TestNats;
  let dataDir: string;
  let base: string;
  const running = new Map<string, RunningService>();

  beforeAll(async () => {
    nats = await startNats();
    dataDir = mkdtempSync(join(tmpdir(), 'fw-health-'));
    const env = { NATS_URL: nats.url, DATA_DIR: dataDir, LOG_LEVEL: 'silent', WS_HUB_PORT: String(await freePort()), PORT: '0' };
    for (const def of [HubDefinition, SafetyDefinition, CostDefinition, CoordinationDefinition, AgentRunnerDefinition] as const) {
      running.set(def.name, await startService(def as never, env));
    }
    const gw = await startService(GatewayDefinition, env);
    running.set('gateway-api', gw as never);
    base = `http://127.0.0.1:${gw.instance.port}`;
  });

  afterAll(async () => {
    for (const r of running.values()) await r.stop();
    await nats.stop();
    rmSync(dataDir, { recursive: true, force: true });
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
    expect(readdirSync(dataDir).filter((f) => f.endsWith('.db')).sort()).toEqual(
      ['agent-runner.db', 'coordination.db', 'cost.db', 'gateway-api.db', 'safety.db', 'ws-hub.db'],
    );
  });

  it('serves Prometheus text for itself and for a peer over NATS', async () => {
    const own = await (await fetch(`${base}/metrics`)).text();
    expect(own).toContain('http_requests_total');
    const peer = await (await fetch(`${base}/metrics/cost`)).text();
    expect(peer).toContain('service="cost"');
  });

  it('answers bad input with a 4xx in the error envelope', async () => {
    const malformed = await fetch(`${base}/api/v1/anything`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{nope' });
    expect(malformed.status).toBe(400);
    expect((await malformed.json()).error).toMatchObject({ code: 'BAD_REQUEST', requestId: expect.any(String) });
    const unknown = await fetch(`${base}/api/v1/does-not-exist`);
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error.code).toBe('NOT_FOUND');
    const badService = await fetch(`${base}/metrics/nope`);
    expect(badService.status).toBe(400);
  });

  it('shows a silent service as unavailable and the whole as degraded, and keeps answering', async () => {
    await running.get('coordination')!.stop();
    running.delete('coordination');
    const res = await fetch(`${base}/health`);
    expect(res.status).toBe(200);
    const report = HealthReport.parse(await res.json());
    expect(report.status).toBe('degraded');
    expect(report.services.coordination.status).toBe('unavailable');
    expect(report.services.cost.status).toBe('ok');
  });
});
