import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVICE_NAMES, type ServiceName } from '@flywheel/contracts';
import { startStack, type Stack } from '../support/index.ts';
const DASHBOARD = 'deploy/grafana/flywheel.json';

/** Metric names a PromQL expression selects: every name written with a `{...}` selector or a `[range]`. */
const selected = (expr: string): string[] => [...expr.matchAll(/([a-zA-Z_:][a-zA-Z0-9_:]*)\s*[{[]/g)].map((m) => m[1]);

/** The metric families a Prometheus text declares (`# TYPE name kind`). */
const families = (text: string): Map<string, string> => new Map([...text.matchAll(/^# TYPE (\S+) (\S+)$/gm)].map((m) => [m[1], m[2]]));

/** A sample name as its family: `x_bucket` of histogram `x` is `x`. */
function familyOf(name: string, known: Map<string, string>): string | undefined {
  if (known.has(name)) return name;
  const base = name.replace(/_(bucket|sum|count)$/, '');
  return known.get(base) === 'histogram' || known.get(base) === 'summary' ? base : undefined;
}

/** The value of the sample of `name` carrying these labels (in any order), or undefined. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && Object.entries(labels).every(([k, v]) => l.includes(`${k}="${v}"`)));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

describe('Prometheus metrics of every service, through the gateway', () => {
  let stack: Stack;
  let ADMIN_KEY: string;
  const texts = new Map<ServiceName, string>();
  let viewerKey: string;
  let base: string;

  beforeAll(async () => {
    stack = await startStack({
      services: [
        'ws-hub',
        'safety',
        'cost',
        'coordination',
        { name: 'agent-runner', env: { RUNNER_ID: 'runner-metrics', HEARTBEAT_MS: '200' } },
        'gateway-api',
      ],
    });
    ADMIN_KEY = stack.adminKey;
    base = stack.url;
    const made = await fetch(`${base}/api/v1/keys`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ accountId: 'monitoring', role: 'viewer' }),
    });
    viewerKey = ((await made.json()) as { key: string }).key;
    // Some traffic, so request, RPC and guard metrics carry samples.
    const get = (path: string) => fetch(`${base}${path}`, { headers: { authorization: `Bearer ${viewerKey}` } });
    await get('/api/v1/agents');
    await get('/api/v1/dcg/decisions');
    await fetch(`${base}/api/v1/dcg/check`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ command: 'git reset --hard' }),
    });
    for (const s of SERVICE_NAMES) {
      const res = await get(s === 'gateway-api' ? '/metrics' : `/metrics/${s}`);
      expect(res.status, s).toBe(200);
      texts.set(s, await res.text());
    }
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  }, 60_000);

  it('need a viewer key', async () => {
    expect((await fetch(`${base}/metrics`)).status).toBe(401);
    expect((await fetch(`${base}/metrics/cost`)).status).toBe(401);
  });

  it('pass promtool check metrics, service by service', () => {
    for (const [s, text] of texts) {
      const r = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
      expect(r.error, 'promtool must be on PATH (apt-get install prometheus; .ci/run installs it)').toBeUndefined();
      expect(`${s}: ${r.stdout}${r.stderr}`.trim()).toBe(s + ':');
      expect(r.status, s).toBe(0);
    }
  });

  it('cover HTTP, NATS requests, breakers, agents, WS connections, guard decisions and cost ingest, with bounded labels', () => {
    const all = families([...texts.values()].join('\n'));
    for (const name of [
      'http_requests_total',
      'http_request_duration_seconds',
      'rpc_request_duration_seconds',
      'rpc_served_total',
      'rpc_duration_seconds',
      'breaker_state',
      'agents',
      'ws_hub_connections',
      'dcg_decisions_total',
      'cost_usage_records_total',
      'audit_records_total',
      'alerts_total',
      'notification_deliveries_total',
    ])
      expect(all.has(name), name).toBe(true);
    const gw = texts.get('gateway-api')!;
    expect(sample(gw, 'rpc_request_duration_seconds_count', { subject: 'svc.agent-runner.agents.list', code: 'ok' })).toBeGreaterThan(0);
    expect(sample(texts.get('safety')!, 'rpc_served_total', { subject: 'svc.safety.check', code: 'ok' })).toBeGreaterThan(0);
    expect(sample(gw, 'http_requests_total', { route: '/api/v1/dcg/check', status: '200' })).toBe(1);
    // Subjects in labels are descriptor subjects, never ids.
    for (const text of texts.values()) expect(text).not.toMatch(/subject="[^"]*\b(agt|key|exc)_[a-z0-9]+/);
  });

  it('feed every panel of the Grafana dashboard', () => {
    const dash = JSON.parse(readFileSync(DASHBOARD, 'utf8')) as { title: string; panels: { title: string; targets?: { expr: string }[] }[] };
    expect(dash.title).toBe('Flywheel Gateway');
    const known = families([...texts.values()].join('\n'));
    const panels = dash.panels.filter((p) => p.targets?.length);
    expect(panels.length).toBeGreaterThanOrEqual(10);
    for (const p of panels) {
      const names = p.targets!.flatMap((t) => selected(t.expr));
      expect(names.length, p.title).toBeGreaterThan(0);
      for (const n of names) expect(familyOf(n, known), `${p.title}: ${n}`).toBeDefined();
    }
  });
});
