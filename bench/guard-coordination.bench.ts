// What asking coordination adds to one guarded tool call: svc.safety.guard round trips for writes (Write,
// and a shell redirect) with the coordination check on, against the same calls with it off, interleaved
// call by call in the same run. Two safety services in two namespaces of one nats-server; coordination in
// the first. The check runs beside the engine, so the target is p50 added ≤ 1 ms.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { agentStateEvent, coordRpcs, guardRpc, healthRpc } from '@flywheel/contracts';
import { connectNats, DurablePublisher, request, startService, type NatsConnection } from '@flywheel/kit';
import { startNats, testLogger } from '@flywheel/kit/testing';
import { SafetyDefinition } from '@flywheel/safety';
import { CoordinationDefinition } from '@flywheel/coordination';
import { now, percentile } from './lib.ts';

const N = Number(process.env.BENCH_N ?? 2000);
const PROJECT = 'prj_bench00000000000';
const nats = await startNats();
const dirs = [0, 1, 2].map(() => mkdtempSync(join(tmpdir(), 'fw-bench-gc-')));
const base = { NATS_URL: nats.url, LOG_LEVEL: 'silent', DECISION_RETENTION_DAYS: '1' };
const coord = await startService(CoordinationDefinition, { ...base, DATA_DIR: dirs[0], FLYWHEEL_NAMESPACE: 'with', UNMERGED_SCAN_MS: '0' });
const withCheck = await startService(SafetyDefinition, { ...base, DATA_DIR: dirs[1], FLYWHEEL_NAMESPACE: 'with' });
const without = await startService(SafetyDefinition, { ...base, DATA_DIR: dirs[2], FLYWHEEL_NAMESPACE: 'without', COORDINATION_CHECK: 'off' });
const ncWith = await connectNats({ url: nats.url, name: 'bench-with', logger: testLogger(), namespace: 'with' });
const ncWithout = await connectNats({ url: nats.url, name: 'bench-without', logger: testLogger(), namespace: 'without' });

// Two agents of one project; the other one holds lib/**, so every write checked here is a real lookup that passes.
const durable = new DurablePublisher(ncWith, { logger: testLogger() });
for (const agentId of ['bench-a', 'bench-b']) {
  await durable.publish(
    agentStateEvent,
    [agentId],
    { type: 'state', agentId, seq: 1, ts: new Date().toISOString(), to: 'ready', projectId: PROJECT, treeRoot: '/repo' },
    `${agentId}:1`,
  );
}
await durable.close();
while ((await request(ncWith, coordRpcs.agents, { projectId: PROJECT })).items.length < 2) await new Promise((r) => setTimeout(r, 20));
await request(ncWith, coordRpcs.reserve, { agentId: 'bench-b', patterns: ['lib/**', 'docs/*.md', 'src/legacy/**'] });

const calls = {
  Write: { tool: 'Write', input: { file_path: '/repo/src/app.ts', content: 'export const x = 1;\n' } },
  'Bash redirect': { tool: 'Bash', input: { command: 'echo built > src/out.txt' } },
};

async function time(nc: NatsConnection, call: { tool: string; input: unknown }): Promise<number> {
  const t0 = now();
  const r = await request(nc, guardRpc, { agentId: 'bench-a', cwd: '/repo', ...call });
  if (r.decision !== 'allow') throw new Error(`unexpected ${r.decision}: ${r.reason}`);
  return now() - t0;
}

const f = (v: number) => v.toFixed(3);
for (const [name, call] of Object.entries(calls)) {
  for (let i = 0; i < 200; i++) await Promise.all([time(ncWith, call), time(ncWithout, call)]);
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < N; i++) {
    // Alternate which goes first, so neither side always meets a warmer cache.
    if (i % 2) {
      a.push(await time(ncWith, call));
      b.push(await time(ncWithout, call));
    } else {
      b.push(await time(ncWithout, call));
      a.push(await time(ncWith, call));
    }
  }
  a.sort((x, y) => x - y);
  b.sort((x, y) => x - y);
  const added = percentile(a, 50) - percentile(b, 50);
  process.stdout.write(
    `guard ${name}: with coordination p50 ${f(percentile(a, 50))} ms, p99 ${f(percentile(a, 99))} ms; guard alone p50 ${f(percentile(b, 50))} ms, p99 ${f(percentile(b, 99))} ms; ` +
      `added p50 ${f(added)} ms, p99 ${f(percentile(a, 99) - percentile(b, 99))} ms = ${(percentile(a, 50) / percentile(b, 50)).toFixed(2)}× (n=${N})  [target p50 added ≤ 1 ms]\n`,
  );
}

// The write check alone, as safety asks it (one NATS round trip into coordination's SQLite lookup).
const check: number[] = [];
for (let i = 0; i < N; i++) {
  const t0 = now();
  await request(ncWith, coordRpcs.writeCheck, { agentId: 'bench-a', cwd: '/repo', paths: ['/repo/src/app.ts'] });
  check.push(now() - t0);
}
check.sort((x, y) => x - y);
// The floor: the same service's health RPC (a kit round trip that does no work).
const floor: number[] = [];
for (let i = 0; i < N; i++) {
  const t0 = now();
  await request(ncWith, healthRpc('coordination'), {});
  floor.push(now() - t0);
}
floor.sort((x, y) => x - y);
process.stdout.write(
  `write-check RPC alone: p50 ${f(percentile(check, 50))} ms, p99 ${f(percentile(check, 99))} ms; a health RPC (no work) p50 ${f(percentile(floor, 50))} ms, p99 ${f(percentile(floor, 99))} ms (n=${N})\n`,
);

await ncWith.close();
await ncWithout.close();
for (const s of [withCheck, without, coord]) await s.stop();
await nats.stop();
for (const d of dirs) rmSync(d, { recursive: true, force: true });
