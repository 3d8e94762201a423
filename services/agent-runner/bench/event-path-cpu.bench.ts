// CPU per event of the runner's event path (runtime/event-log.ts: seq, zod, SQLite batch, durable publish until
// acked) at a fleet's rate, without the hub and browser of bench/fleet-load.bench.ts: the same driver process
// (fleet-load-gen.ts), timed by its own process.cpuUsage() from the first append to the last ack, so the figure does
// not depend on the machine's load the way a latency does. Also its append → JetStream ack p50 / p99.
// Baseline in the same run: a bare core `nc.publish` of the same encoded events (no store, no ack) in this process.
// `FLEET_AGENTS` (200), `FLEET_PER_SEC` (20), `FLEET_MS` (10000); `EVPATH_CPU_PROF=<dir>` writes the driver
// process's .cpuprofile there (read it with bench/cpuprofile-top.ts).
import { fork } from 'node:child_process';
import { join } from 'node:path';
import { connectNats, encode, wireSubject } from '@flywheel/kit';
import { startNats, testLogger } from '@flywheel/kit/testing';

const AGENTS = Number(process.env.FLEET_AGENTS ?? 200);
const PER_SEC = Number(process.env.FLEET_PER_SEC ?? 20);
const MS = Number(process.env.FLEET_MS ?? 10_000);
const PROF = process.env.EVPATH_CPU_PROF;

const logger = testLogger();
const nats = await startNats();
const nc = await connectNats({ url: nats.url, name: 'bench-evpath', logger });

const execArgv = ['--import', 'tsx', ...(PROF ? ['--cpu-prof', `--cpu-prof-dir=${PROF}`] : [])];
const gen = fork(join(import.meta.dirname, 'fleet-load-gen.ts'), [], { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
const next = <T>() => new Promise<T>((resolve) => gen.once('message', (m) => resolve(m as T)));
const ready = next<{ agentIds: string[] }>();
gen.send({ natsUrl: nats.url, agents: AGENTS, perSec: PER_SEC, ms: MS, pad: 120 });
const { agentIds } = await ready;
const done = next<{ sent: number; acked: number; cpuUsPerEvent: number; ackP50: number; ackP99: number }>();
gen.send({ type: 'go' });
const g = await done;
await new Promise((r) => gen.once('exit', r));

// Baseline: the same events, encoded and published on core NATS, no store and no ack.
const N = 20_000;
const cpu0 = process.cpuUsage();
for (let i = 0; i < N; i++) {
  const agentId = agentIds[i % agentIds.length];
  const event = { agentId, seq: i, ts: new Date().toISOString(), type: 'output', stream: 'stdout', text: `t=0; line ${i} ${'x'.repeat(120)}` };
  nc.publish(wireSubject(nc, `agent.output.${agentId}`), encode(event));
  if (i % 1000 === 999) await nc.flush();
}
await nc.flush();
const bare = process.cpuUsage(cpu0);
const bareUs = (bare.user + bare.system) / N;

process.stdout.write(
  `runner event path at ${AGENTS} agents × ${PER_SEC}/s (${AGENTS * PER_SEC}/s) for ${MS / 1000} s: ${g.acked} of ${g.acked} events acked, ` +
    `CPU ${g.cpuUsPerEvent.toFixed(1)} µs per event (the driver process, go → last ack) = ${(g.cpuUsPerEvent / bareUs).toFixed(1)}× baseline; ` +
    `append → ack p50 ${g.ackP50.toFixed(1)} ms, p99 ${g.ackP99.toFixed(1)} ms\n` +
    `  baseline: bare core nc.publish of the same events ${bareUs.toFixed(1)} µs CPU per event\n`,
);
await nc.close();
await nats.stop();
process.exit(0);
