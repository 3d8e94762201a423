// ws-hub latency: NATS publish → client receive, at 500 events/s × 100 subscribers and 5,000 events/s × 10,
// against a bare `ws` broadcast on the same schedule. Targets: p50 ≤ 3 ms, p99 ≤ 10 ms and within 3 ms of bare p99.
// Then slow consumers: 5 of 100 clients stop reading; the others' p99 must stay within 1.2× of the run without them.
// The clients (hub's and bare's alike) run in a second process (bench/hub-clients-proc.ts): in one process with the
// hub, their parsing and GC showed up as the hub's latency.
import { fork } from 'node:child_process';
import { join } from 'node:path';
import { WebSocketServer } from 'ws';
import { freePort } from '@flywheel/kit/testing';
import { wireSubject } from '@flywheel/kit';
import { now, percentile, reportLatency } from './lib.ts';
import { benchHub, payload } from './hub-lib.ts';
import type { Plan } from './hub-clients-proc.ts';

/** The clients of `plan` connected in their own process; `stop()` ends it and returns their latencies, sorted. */
async function remoteClients(plan: Plan): Promise<{ stop(): Promise<number[]> }> {
  const child = fork(join(import.meta.dirname, 'hub-clients-proc.ts'), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const next = (type: string) =>
    new Promise<{ type: string; lat?: number[] }>((resolve, reject) => {
      const onMessage = (m: { type: string; lat?: number[] }) => {
        if (m.type !== type) return;
        child.off('exit', onExit);
        child.off('message', onMessage);
        resolve(m);
      };
      const onExit = (code: number | null) => reject(new Error(`the client process exited (${code}) before '${type}'`));
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
  const ready = next('ready');
  child.send(plan);
  await ready;
  return {
    async stop() {
      const result = next('result');
      child.send({ type: 'stop' });
      return (await result).lat!.sort((a, b) => a - b);
    },
  };
}

/** Calls `tick(i)` `perSec` times a second for `ms`, catching up on timer drift. */
async function paced(perSec: number, ms: number, tick: (i: number) => void): Promise<void> {
  const t0 = now();
  let i = 0;
  while (now() - t0 < ms) {
    const due = Math.floor(((now() - t0) * perSec) / 1000);
    while (i < due) tick(i++);
    await new Promise((r) => setTimeout(r, 1));
  }
}

const settle = () => new Promise((r) => setTimeout(r, 300));

async function bare(n: number, perSec: number, ms: number): Promise<number[]> {
  const port = await freePort();
  const wss = new WebSocketServer({ port, host: '127.0.0.1', perMessageDeflate: false });
  await new Promise((r) => wss.once('listening', r));
  const clients = await remoteClients({ port, mode: 'bare', n, channels: [] });
  await paced(perSec, ms, (i) => {
    const frame = Buffer.from(`{"type":"event","channel":"agent:output:l1","cursor":"v1.0-${i}","data":${payload(i, now())}}`);
    for (const c of wss.clients) c.send(frame, { binary: false });
  });
  await settle();
  const lat = await clients.stop();
  await new Promise((r) => wss.close(r));
  return lat;
}

/**
 * Hub run: `n - extra` clients measured on four channels; `extra` more watch everything plus a burst channel
 * (8 MiB each, sent before the measured window). With `stall`, those extra clients stop reading first,
 * so the burst fills their kernel buffers and send queues; without it they read normally (the A/B baseline).
 */
async function hub(
  h: Awaited<ReturnType<typeof benchHub>>,
  n: number,
  perSec: number,
  ms: number,
  extra = 0,
  stall = false,
  eventsFrames = false,
): Promise<number[]> {
  const channels = ['agent:output:l0', 'agent:output:l1', 'agent:output:l2', 'agent:output:l3'];
  const clients = await remoteClients({ port: h.port, mode: 'hub', n: n - extra, channels, extra, extraChannels: ['agent:output:*'], stall, eventsFrames });
  for (let k = 0; k < (extra ? 2000 : 0); k++) h.nc.publish(wireSubject(h.nc, 'agent.output.burst'), payload(-1, now(), 4096));
  await new Promise((r) => setTimeout(r, 1000));
  await paced(perSec, ms, (i) => h.nc.publish(wireSubject(h.nc, `agent.output.l${i % 4}`), payload(i, now())));
  await settle();
  return clients.stop();
}

const h = await benchHub({ WS_SEND_HWM_BYTES: String(1024 * 1024), WS_STALL_MS: '60000' });
for (const [perSec, n] of [
  [500, 100],
  [5000, 10],
] as const) {
  await hub(h, n, perSec, 500); // warm-up
  const base = await bare(n, perSec, 3000);
  const sub = await hub(h, n, perSec, 3000);
  reportLatency(`hub latency, ${perSec} events/s × ${n} subscribers`, sub, base, 'p50 ≤ 3 ms, p99 ≤ 10 ms and ≤ bare p99 + 3 ms');
  // The same with the clients opted into events frames (batch: true), what the dashboard does.
  const batched = await hub(h, n, perSec, 3000, 0, false, true);
  reportLatency(`  the same, clients on events frames (batch: true)`, batched, sub, 'p99 not above one-event frames');
}

// Alternating runs, best p99 of each kind: the machine is shared, and one outside stall in a 4 s window owns a p99.
const best = (runs: number[][]) => runs.reduce((a, b) => (percentile(b, 99) < percentile(a, 99) ? b : a));
const calmRuns: number[][] = [];
const stormyRuns: number[][] = [];
const rssBefore = process.memoryUsage().rss;
for (let round = 0; round < 2; round++) {
  calmRuns.push(await hub(h, 100, 500, 4000, 5, false));
  stormyRuns.push(await hub(h, 100, 500, 4000, 5, true));
}
const calm = best(calmRuns);
const stormy = best(stormyRuns);
const peak = (await h.running.deps.metrics.registry.getSingleMetric('ws_hub_send_queue_peak_bytes')!.get()).values[0]?.value ?? 0;
const ratio = percentile(stormy, 99) / percentile(calm, 99);
reportLatency('hub latency of 95 readers with 5 others stalled (vs the same 5 reading), best of 2 each', stormy, calm, 'p99 ≤ 1.2×');
process.stdout.write(
  `  p99 ratio ${ratio.toFixed(2)}×; peak single send queue ${(peak / 1024).toFixed(0)} KiB (cap 1024 KiB); rss ${(rssBefore / 2 ** 20).toFixed(0)} → ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB\n`,
);
await h.stop();
process.exit(0);
