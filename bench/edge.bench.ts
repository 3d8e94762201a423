// The gateway's edge against a bare baseline in the same run:
//   1. GET /api/v1/cost-analytics/budgets with a viewer key (auth, role, validation, rate limits on a
//      shared KV counter, access log, helmet, deadline, NATS to the real cost service) vs a bare Express
//      handler doing one raw NATS request to the same service: requests/s at saturation, p99 at half of it.
//   2. The rate-limit store: local counting with merges into JetStream KV (what the gateway uses) vs a
//      KV compare-and-set per request.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { connectNats, createKvCounter, isWrongRevision, openKv, type KV } from '@flywheel/kit';
import { freePort, startNats, testLogger, waitFor } from '@flywheel/kit/testing';
import { latencies, now, rate, reportLatency, reportRate } from './lib.ts';
import { Procs, type Proc } from './edge-procs.ts';

const ADMIN_KEY = 'bench-admin-key-0123456789abcdef';
const SECONDS = Number(process.env.EDGE_BENCH_SECONDS ?? 10);
// EDGE_BENCH_QUICK=1: only the gateway against its baseline at saturation (no variants, no half load, no store bench).
const QUICK = process.env.EDGE_BENCH_QUICK === '1';
// EDGE_PROF=DIR: CPU profiles of the gateway and the baseline (DIR/gateway/, DIR/baseline/; one per thread, the
// largest is the main thread), written when they exit, for comparing where the time goes.
const PROF = process.env.EDGE_PROF;
const CONNECTIONS = 32;
const nats = await startNats();
const dir = mkdtempSync(join(tmpdir(), 'fw-bench-edge-'));
const procs = new Procs(dir, { NATS_URL: nats.url });
const profArgs = (name: string) => (PROF ? ['--cpu-prof', `--cpu-prof-dir=${join(PROF, name)}`] : []);

/** A kit service as its own process; ready once it opens its metrics port (after create() and its subscriptions). */
async function service(name: string, entry: string, env: Record<string, string>, nodeArgs: string[] = []): Promise<Proc> {
  const readyPort = await freePort();
  return procs.start(name, [entry], { ...env, METRICS_PORT: String(readyPort) }, { readyPort, nodeArgs });
}

interface Load {
  perSec: number;
  p50: number;
  p99: number;
  errors: number;
  /** CPU time the server process spent per request (user + system, from /proc): steadier than rates on a busy machine. */
  cpuUs: number;
}

/** autocannon for SECONDS at CONNECTIONS, or paced at `perSec` overall, against the server process `proc`. */
async function load(url: string, proc: Proc, headers: Record<string, string>, perSec?: number): Promise<Load> {
  procs.assertAllAlive(`before a load on ${url}`);
  const c0 = proc.cpuMs();
  const r = await autocannon({ url, headers, connections: CONNECTIONS, duration: SECONDS, ...(perSec ? { overallRate: Math.round(perSec) } : {}) });
  // A process that died mid-run would show up as errors or a stray /proc read: name it instead.
  procs.assertAllAlive(`during a load on ${url}`);
  const cpuUs = ((proc.cpuMs() - c0) * 1000) / Math.max(1, r.requests.total);
  return { perSec: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.timeouts + r.non2xx, cpuUs };
}

const fmt = (l: Load) =>
  `${Math.round(l.perSec)}/s, p50 ${l.p50} ms, p99 ${l.p99} ms, ${Math.round(l.cpuUs)} µs CPU/req${l.errors ? `, ${l.errors} errors` : ''}`;

/** One request that must answer 200: everything is up, so anything else is a broken setup, not a slow start. */
async function expectOk(url: string, headers: Record<string, string> = {}): Promise<void> {
  const r = await fetch(url, { headers });
  if (r.status !== 200) throw new Error(`${url} answered ${r.status}: ${(await r.text()).slice(0, 500)}`);
}

async function edgeBench(): Promise<void> {
  const [gwPort, barePort, offPort, quietPort] = [await freePort(), await freePort(), await freePort(), await freePort()];
  // Limits high enough never to refuse, so every request still counts into the shared KV counters.
  const gwEnv = {
    FLYWHEEL_ADMIN_KEY: ADMIN_KEY,
    LOG_LEVEL: 'info',
    RATE_LIMIT_PER_KEY: '1000000000',
    RATE_LIMIT_PER_IP: '1000000000',
  };
  const gatewayEnv = async (port: number, extra: Record<string, string> = {}) => ({
    ...gwEnv,
    PORT: String(port),
    WS_HUB_PORT: String(await freePort()),
    ...extra,
  });
  const GATEWAY = 'services/gateway-api/src/main.ts';
  const cost = await service('cost', 'services/cost/src/main.ts', { LOG_LEVEL: 'warn' });
  const gwProc = await service('gateway', GATEWAY, await gatewayEnv(gwPort), profArgs('gateway'));
  const variants = QUICK
    ? []
    : [
        await service('gateway-limits-off', GATEWAY, await gatewayEnv(offPort, { RATE_LIMIT_PER_KEY: '0', RATE_LIMIT_PER_IP: '0' })),
        await service('gateway-quiet', GATEWAY, await gatewayEnv(quietPort, { LOG_LEVEL: 'warn' })),
      ];
  const bareProc = procs.start('baseline', ['bench/edge-baseline.ts'], { PORT: String(barePort) }, { readyPort: barePort, nodeArgs: profArgs('baseline') });
  // Every server serves (the cost service's subscriptions are registered) before the first request.
  await Promise.all([cost.ready, gwProc.ready, ...variants.map((v) => v.ready), bareProc.ready]);
  const gw = `http://127.0.0.1:${gwPort}`;
  const bare = `http://127.0.0.1:${barePort}/budgets`;
  const made = await fetch(`${gw}/api/v1/keys`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ accountId: 'bench', role: 'viewer' }),
  });
  if (made.status !== 201) throw new Error(`making a viewer key answered ${made.status}: ${await made.text()}`);
  const viewer = { authorization: `Bearer ${(await made.json()).key}` };
  const route = '/api/v1/cost-analytics/budgets';
  const subjects: [string, string, Proc, string][] = [
    [`GET ${route}, viewer key, ${CONNECTIONS} connections`, gw, gwProc, '≥ 0.8×'],
    ...(QUICK
      ? []
      : ([
          ['  the same gateway with rate limits off', `http://127.0.0.1:${offPort}`, variants[0], 'what the limits cost'],
          ['  the same gateway with LOG_LEVEL=warn (no access log lines)', `http://127.0.0.1:${quietPort}`, variants[1], 'what the access log costs'],
        ] as [string, string, Proc, string][])),
  ];
  await expectOk(bare);
  await expectOk(`${gw}${route}`, viewer);
  // The other gateways learn the key from the shared KV bucket's watch, which has no event to await from here.
  for (const [, base] of subjects.slice(1))
    await waitFor(async () => (await fetch(`${base}${route}`, { headers: viewer })).status === 200, { what: `the viewer key on ${base}` });
  const line = (name: string, s: Load, b: Load, target: string) =>
    process.stdout.write(`${name}: ${fmt(s)} = ${(s.perSec / b.perSec).toFixed(2)}× baseline (${fmt(b)})  [target ${target}]\n`);
  // Warm-up (JIT, connection pools).
  await load(bare, bareProc, {}, 300);
  for (const [, base, proc] of subjects) await load(`${base}${route}`, proc, viewer, 300);
  // Each subject right after its own baseline run: on a shared machine the load changes from one run to the next.
  let saturated: { bare: Load; gw: Load } | undefined;
  for (const [name, base, proc, target] of subjects) {
    const b = await load(bare, bareProc, {});
    const s = await load(`${base}${route}`, proc, viewer);
    saturated ??= { bare: b, gw: s };
    line(name, s, b, target);
  }
  if (QUICK) return;
  const halfBare = await load(bare, bareProc, {}, saturated!.bare.perSec / 2);
  const halfGw = await load(`${gw}${route}`, gwProc, viewer, saturated!.gw.perSec / 2);
  line(
    `  at half the saturating load (${Math.round(saturated!.gw.perSec / 2)}/s vs ${Math.round(saturated!.bare.perSec / 2)}/s)`,
    halfGw,
    halfBare,
    'p99 < 10 ms',
  );
}

/** What a simple Store would do: read the counter and compare-and-set it, per request. */
async function casHit(kv: KV, key: string): Promise<number> {
  for (;;) {
    const e = await kv.get(key);
    const n = e && e.operation === 'PUT' ? Number(e.string()) + 1 : 1;
    try {
      await (e && e.operation === 'PUT' ? kv.update(key, String(n), e.revision) : kv.create(key, String(n)));
      return n;
    } catch (err) {
      if (!isWrongRevision(err)) throw err;
    }
  }
}

async function storeBench(): Promise<void> {
  const nc = await connectNats({ url: nats.url, name: 'bench', logger: testLogger(), namespace: 'fw' });
  const kv = await openKv(nc, 'bench-ratelimit');
  const counter = createKvCounter(kv, { windowMs: 60_000 });
  const LIMIT = 1_000_000_000;
  const N = 5000;
  const seq = (fn: (i: number) => Promise<unknown>) => latencies(N, fn);
  reportLatency(
    'rate-limit hit, one at a time: local count + merge vs KV CAS per hit',
    await seq(async () => counter.hit('k1', LIMIT)),
    await seq(() => casHit(kv, 'cas1')),
  );
  reportRate(
    'rate-limit hits, 32 in flight, one key',
    await rate(20_000, 32, async () => counter.hit('k2', LIMIT)),
    await rate(2000, 32, () => casHit(kv, 'cas2')),
  );
  reportRate(
    'rate-limit hits, 32 in flight, 32 keys',
    await rate(20_000, 32, async (i) => counter.hit(`k3-${i % 32}`, LIMIT)),
    await rate(5000, 32, (i) => casHit(kv, `cas3-${i % 32}`)),
  );
  const t0 = now();
  await counter.stop();
  process.stdout.write(`  (final merge of the local counts: ${(now() - t0).toFixed(1)} ms)\n`);
  await nc.close();
}

try {
  await edgeBench();
  if (!QUICK) await storeBench();
} finally {
  await procs.stopAll();
  await nats.stop();
  rmSync(dir, { recursive: true, force: true });
}
