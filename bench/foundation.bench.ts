// Foundation overheads, each against a bare baseline in the same run:
//   kit RPC (parse both ends, envelope, headers) vs bare nc.request; DurablePublisher vs bare js.publish;
//   drizzle insert through openDb vs bare better-sqlite3; gateway /health vs a bare Express handler.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:http';
import express from 'express';
import Database from 'better-sqlite3';
import { z } from 'zod';
import { jetstream } from '@nats-io/jetstream';
import { defineEvent, defineRpc, type StreamSpec } from '@flywheel/contracts';
import { connectNats, DurablePublisher, ensureStreams, openDb, request, serve, startService, wireSubject } from '@flywheel/kit';
import { freePort, startNats, testLogger } from '@flywheel/kit/testing';
import { sqliteTable, text, integer } from 'drizzle-orm/sqlite-core';
import { latencies, rate, reportLatency, reportRate, type Rate } from './lib.ts';
import { GatewayDefinition } from '@flywheel/gateway-api';
import { AgentRunnerDefinition } from '@flywheel/agent-runner';
import { CostDefinition } from '@flywheel/cost';
import { SafetyDefinition } from '@flywheel/safety';
import { CoordinationDefinition } from '@flywheel/coordination';
import { HubDefinition } from '@flywheel/ws-hub';

const logger = testLogger();
const nats = await startNats();
const nc = await connectNats({ url: nats.url, name: 'bench', logger });
const dir = mkdtempSync(join(tmpdir(), 'fw-bench-'));

async function rpcBench() {
  const echo = defineRpc({ subject: 'bench.echo', request: z.object({ n: z.number() }), reply: z.object({ n: z.number() }) });
  serve(nc, echo, (r) => ({ n: r.n }), { logger });
  const bare = nc.subscribe('bench.bare');
  void (async () => {
    for await (const m of bare) m.respond(m.data);
  })();
  const payload = new TextEncoder().encode('{"n":1}');
  const N = 5000;
  reportLatency(
    'rpc round trip (kit request/serve)',
    await latencies(N, () => request(nc, echo, { n: 1 })),
    await latencies(N, () => nc.request('bench.bare', payload)),
  );
  // Kit and bare alternate in 8 rounds of 2,500 and the median round of each is reported, so a load swing on
  // the shared machine hits both instead of whichever ran during it.
  const kitRounds: CpuRate[] = [];
  const baseRounds: CpuRate[] = [];
  for (let r = 0; r < 8; r++) {
    kitRounds.push(await cpuRate(2_500, 32, () => request(nc, echo, { n: 1 })));
    baseRounds.push(await cpuRate(2_500, 32, () => nc.request('bench.bare', payload)));
  }
  const kit = median(kitRounds);
  const base = median(baseRounds);
  reportRate('rpc throughput, 32 in flight (median of 8 alternating rounds)', kit, base);
  reportCpu('rpc throughput, 32 in flight', kit, base);
}

type CpuRate = Rate & { cpuUs: number };

/** The median round by rate, with the median CPU per op of all rounds. */
function median(rounds: CpuRate[]): CpuRate {
  const mid = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const perSec = mid(rounds.map((r) => r.perSec));
  return { ...rounds.find((r) => r.perSec === perSec)!, cpuUs: mid(rounds.map((r) => r.cpuUs)) };
}

/** rate() plus this process's CPU time per op (both ends of an in-process RPC): steadier than wall clock on a shared machine. */
async function cpuRate(n: number, concurrency: number, fn: (i: number) => Promise<unknown>): Promise<CpuRate> {
  const c0 = process.cpuUsage();
  const r = await rate(n, concurrency, fn);
  const c = process.cpuUsage(c0);
  return { ...r, cpuUs: (c.user + c.system) / n };
}

function reportCpu(name: string, subject: { cpuUs: number }, baseline: { cpuUs: number }): void {
  process.stdout.write(
    `${name}, CPU of this process per op: ${subject.cpuUs.toFixed(1)} µs vs baseline ${baseline.cpuUs.toFixed(1)} µs (${(subject.cpuUs / baseline.cpuUs).toFixed(2)}×)\n`,
  );
}

async function durableBench() {
  const spec: StreamSpec = { name: 'BENCH', subjects: ['bench.d.*'], maxAgeS: 600, maxPerSubject: -1, duplicateWindowS: 120 };
  await ensureStreams(nc, [spec], logger);
  const ev = defineEvent({ subject: 'bench.d.*', payload: z.object({ i: z.number(), text: z.string() }), durable: true });
  const js = jetstream(nc);
  const pub = new DurablePublisher(nc, { logger });
  const body = { i: 0, text: 'x'.repeat(200) };
  const raw = new TextEncoder().encode(JSON.stringify(body));
  const N = 10_000;
  // One subject (one agent's stream): ordered, one in flight, like the baseline's sequential awaits.
  const base1 = await rate(N, 1, (i) => js.publish(wireSubject(nc, 'bench.d.base'), raw, { msgID: `b1-${i}` }));
  const sub1 = await rate(N, 1, (i) => pub.publish(ev, ['one'], { ...body, i }, `s1-${i}`));
  reportRate('durable publish, one subject (ordered)', sub1, base1);
  // 16 subjects (16 agents) in parallel.
  const baseN = await rate(N, 16, (i) => js.publish(wireSubject(nc, `bench.d.b${i % 16}`), raw, { msgID: `bn-${i}` }));
  const subN = await rate(N, 16, (i) => pub.publish(ev, [`a${i % 16}`], { ...body, i }, `sn-${i}`));
  reportRate('durable publish, 16 subjects', subN, baseN);
  await pub.close();
}

async function sqliteBench() {
  const t = sqliteTable('t', { id: integer('id').primaryKey(), v: text('v').notNull() });
  const bare = new Database(join(dir, 'bare.db'));
  bare.pragma('journal_mode = WAL');
  bare.pragma('synchronous = NORMAL');
  bare.exec('create table t (id integer primary key, v text not null)');
  const stmt = bare.prepare('insert into t (id, v) values (?, ?)');
  const db = openDb(join(dir, 'kit.db'), { schema: { t } });
  db.$client.exec('create table t (id integer primary key, v text not null)');
  const N = 20_000;
  const baseline = await rate(N, 1, async (i) => stmt.run(i, 'value'));
  const subject = await rate(N, 1, async (i) => db.insert(t).values({ id: i, v: 'value' }).run());
  reportRate('sqlite insert, drizzle via openDb (autocommit)', subject, baseline);
  bare.close();
  db.$client.close();
}

async function httpBench() {
  const env = { NATS_URL: nats.url, DATA_DIR: dir, LOG_LEVEL: 'silent', WS_HUB_PORT: String(await freePort()), PORT: '0' };
  const started = [];
  for (const def of [HubDefinition, SafetyDefinition, CostDefinition, CoordinationDefinition, AgentRunnerDefinition])
    started.push(await startService(def as never, env));
  const gw = await startService(GatewayDefinition, env);
  const bareApp = express();
  const snapshot = await (await fetch(`http://127.0.0.1:${gw.instance.port}/health`)).json();
  bareApp.get('/health', (_req, res) => void res.json(snapshot));
  const bare = createServer(bareApp);
  await new Promise<void>((r) => bare.listen(0, '127.0.0.1', r));
  const barePort = (bare.address() as { port: number }).port;
  const N = 3000;
  // Both warmed first: the services just started, and a cold first run made the baseline look slow (1.1–2.0× "ratios").
  for (const port of [barePort, gw.instance.port]) await rate(300, 16, () => fetch(`http://127.0.0.1:${port}/health`).then((r) => r.arrayBuffer()));
  const baseline = await cpuRate(N, 16, () => fetch(`http://127.0.0.1:${barePort}/health`).then((r) => r.arrayBuffer()));
  const subject = await cpuRate(N, 16, () => fetch(`http://127.0.0.1:${gw.instance.port}/health`).then((r) => r.arrayBuffer()));
  reportRate('GET /health, 16 in flight (5 NATS round trips per gather; probes during a gather share it) vs bare Express handler', subject, baseline);
  reportCpu('GET /health, 16 in flight (client, gateway and the five services all in this process)', subject, baseline);
  // One at a time nothing can be shared: every request pays its five round trips.
  const baseline1 = await cpuRate(N / 3, 1, () => fetch(`http://127.0.0.1:${barePort}/health`).then((r) => r.arrayBuffer()));
  const subject1 = await cpuRate(N / 3, 1, () => fetch(`http://127.0.0.1:${gw.instance.port}/health`).then((r) => r.arrayBuffer()));
  reportRate('GET /health, one at a time (5 NATS round trips each) vs bare Express handler', subject1, baseline1);
  reportCpu('GET /health, one at a time (whole process)', subject1, baseline1);
  bare.close();
  await gw.stop();
  for (const s of started) await s.stop();
}

try {
  await rpcBench();
  await durableBench();
  await sqliteBench();
  await httpBench();
} finally {
  await nc.close();
  await nats.stop();
  rmSync(dir, { recursive: true, force: true });
}
