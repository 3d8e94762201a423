// The gateway's edge against a bare baseline in the same run:
//   1. GET /api/v1/cost-analytics/budgets with a viewer key (auth, role, validation, rate limits on a
//      shared KV counter, access log, helmet, deadline, NATS to the real cost service) vs a bare Express
//      handler doing one raw NATS request to the same service: requests/s at saturation, p99 at half of it.
//   2. The rate-limit store: local counting with merges into JetStream KV (what the gateway uses) vs a
//      KV compare-and-set per request.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { connectNats, createKvCounter, isWrongRevision, openKv, type KV } from '@flywheel/kit';
import { freePort, startNats, testLogger, waitFor } from '@flywheel/kit/testing';
import { latencies, now, rate, reportLatency, reportRate } from './lib.ts';

const ADMIN_KEY = 'bench-admin-key-0123456789abcdef';
const SECONDS = Number(process.env.EDGE_BENCH_SECONDS ?? 10);
const CONNECTIONS = 32;
const nats = await startNats();
const dir = mkdtempSync(join(tmpdir(), 'fw-bench-edge-'));
const children: ChildProcess[] = [];

function run(args: string[], env: Record<string, string>): ChildProcess {
  const p = spawn(process.execPath, ['--import', 'tsx', ...args], { env: { ...process.env, NATS_URL: nats.url, DATA_DIR: dir, ...env }, stdio: 'ignore' });
  children.push(p);
  return p;
}

async function up(url: string): Promise<void> {
  await waitFor(
    () =>
      fetch(url)
        .then((r) => r.status < 500)
        .catch(() => false),
    { timeoutMs: 30_000, what: url },
  );
}

interface Load {
  perSec: number;
  p50: number;
  p99: number;
  errors: number;
  /** CPU time the server process spent per request (user + system, from /proc): steadier than rates on a busy machine. */
  cpuUs: number;
}

/** CPU time of a process so far, ms (Linux /proc; clock ticks of 10 ms). */
const cpuMs = (pid: number): number => {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(f[11]) + Number(f[12])) * 10;
};

/** autocannon for SECONDS at CONNECTIONS, or paced at `perSec` overall, against the server process `pid`. */
async function load(url: string, pid: number, headers: Record<string, string>, perSec?: number): Promise<Load> {
  const c0 = cpuMs(pid);
  const r = await autocannon({ url, headers, connections: CONNECTIONS, duration: SECONDS, ...(perSec ? { overallRate: Math.round(perSec) } : {}) });
  const cpuUs = ((cpuMs(pid) - c0) * 1000) / Math.max(1, r.requests.total);
  return { perSec: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.timeouts + r.non2xx, cpuUs };
}

const fmt = (l: Load) =>
  `${Math.round(l.perSec)}/s, p50 ${l.p50} ms, p99 ${l.p99} ms, ${Math.round(l.cpuUs)} µs CPU/req${l.errors ? `, ${l.errors} errors` : ''}`;

async function edgeBench(): Promise<void> {
  run(['services/cost/src/main.ts'], { LOG_LEVEL: 'warn' });
  const [gwPort, barePort, offPort, quietPort] = [await freePort(), await freePort(), await freePort(), await freePort()];
  // Limits high enough never to refuse, so every request still counts into the shared KV counters.
  const gwEnv = {
    FLYWHEEL_ADMIN_KEY: ADMIN_KEY,
    LOG_LEVEL: 'info',
    RATE_LIMIT_PER_KEY: '1000000000',
    RATE_LIMIT_PER_IP: '1000000000',
    WS_HUB_PORT: String(await freePort()),
  };
  const gwPid = run(['services/gateway-api/src/main.ts'], { ...gwEnv, PORT: String(gwPort) }).pid!;
  const offPid = run(['services/gateway-api/src/main.ts'], { ...gwEnv, PORT: String(offPort), RATE_LIMIT_PER_KEY: '0', RATE_LIMIT_PER_IP: '0' }).pid!;
  const quietPid = run(['services/gateway-api/src/main.ts'], { ...gwEnv, PORT: String(quietPort), LOG_LEVEL: 'warn' }).pid!;
  const barePid = run(['bench/edge-baseline.ts'], { PORT: String(barePort) }).pid!;
  const gw = `http://127.0.0.1:${gwPort}`;
  const off = `http://127.0.0.1:${offPort}`;
  const quiet = `http://127.0.0.1:${quietPort}`;
  const bare = `http://127.0.0.1:${barePort}/budgets`;
  await Promise.all([up(`${gw}/health`), up(`${off}/health`), up(`${quiet}/health`), up(bare)]);
  const made = await fetch(`${gw}/api/v1/keys`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ accountId: 'bench', role: 'viewer' }),
  });
  const viewer = { authorization: `Bearer ${(await made.json()).key}` };
  const route = '/api/v1/cost-analytics/budgets';
  await waitFor(async () => (await fetch(`${gw}${route}`, { headers: viewer })).status === 200, { what: 'cost behind the gateway' });
  const line = (name: string, s: Load, b: Load, target: string) =>
    process.stdout.write(`${name}: ${fmt(s)} = ${(s.perSec / b.perSec).toFixed(2)}× baseline (${fmt(b)})  [target ${target}]\n`);
  // Each subject right after its own baseline run: on a shared machine the load changes from one run to the next.
  const subjects: [string, string, number, string][] = [
    [`GET ${route}, viewer key, ${CONNECTIONS} connections`, gw, gwPid, '≥ 0.8×'],
    ['  the same gateway with rate limits off', off, offPid, 'what the limits cost'],
    ['  the same gateway with LOG_LEVEL=warn (no access log lines)', quiet, quietPid, 'what the access log costs'],
  ];
  await load(bare, barePid, {}, 300);
  for (const [, base, pid] of subjects) await load(`${base}${route}`, pid, viewer, 300);
  let saturated: { bare: Load; gw: Load } | undefined;
  for (const [name, base, pid, target] of subjects) {
    const b = await load(bare, barePid, {});
    const s = await load(`${base}${route}`, pid, viewer);
    saturated ??= { bare: b, gw: s };
    line(name, s, b, target);
  }
  const halfBare = await load(bare, barePid, {}, saturated!.bare.perSec / 2);
  const halfGw = await load(`${gw}${route}`, gwPid, viewer, saturated!.gw.perSec / 2);
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
  await storeBench();
} finally {
  for (const c of children) c.kill('SIGTERM');
  await Promise.all(children.map((c) => new Promise((r) => (c.exitCode === null ? c.once('exit', r) : r(null)))));
  await nats.stop();
  rmSync(dir, { recursive: true, force: true });
}
