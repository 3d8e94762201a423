// Fleet load (issue 17): AGENTS agents streaming PER_SEC output events a second each through the runner's event
// path (seq, SQLite, durable publish; a light driver in its own process: services/agent-runner/bench/fleet-load-gen.ts)
// → NATS → the ws-hub (its own process) → a headless Chromium page holding 100 WebSockets that each watch 2 agents'
// output, plus 5 that watch every agent's state. Reported: delivered rate, p50/p99 latency from the agent's append
// to the page's `onmessage` (target p99 ≤ 25 ms), RSS per process. Baseline in the same run: a bare `ws` server in
// this process sending the same frames on the same schedule to the same page's sockets.
// `FLEET_AGENTS` (200), `FLEET_PER_SEC` (20), `FLEET_MS` (20000) change the load.
import { fork } from 'node:child_process';
import { createServer } from 'node:http';
import { readdirSync, readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { launchChromium } from '../test/e2e/helpers/browser.ts';
import { WebSocketServer } from 'ws';
import { verifyCredentialRpc } from '@flywheel/contracts';
import { connectNats, serve, wireSubject } from '@flywheel/kit';
import { freePort, startNats, testLogger } from '@flywheel/kit/testing';
import { Procs } from './edge-procs.ts';

const AGENTS = Number(process.env.FLEET_AGENTS ?? 200);
const PER_SEC = Number(process.env.FLEET_PER_SEC ?? 20);
const MS = Number(process.env.FLEET_MS ?? 20_000);
const OUTPUT_CLIENTS = 100;
const STATE_CLIENTS = 5;
const PAD = 120;

const logger = testLogger();
const nats = await startNats();
const nc = await connectNats({ url: nats.url, name: 'bench-fleet', logger });
// The gateway's credential check, standing in: every token is an admin of account `bench`.
serve(nc, verifyCredentialRpc, () => ({ accountId: 'bench', role: 'admin' as const, keyId: 'k' }), { logger });
const dir = mkdtempSync(join(tmpdir(), 'fw-bench-fleet-'));
const procs = new Procs(dir, { NATS_URL: nats.url, LOG_LEVEL: 'warn' });
const hubPort = await freePort();
const metricsPort = await freePort();
const hub = procs.start(
  'ws-hub',
  ['services/ws-hub/src/main.ts'],
  { WS_HUB_PORT: String(hubPort), METRICS_PORT: String(metricsPort) },
  { readyPort: metricsPort },
);
await hub.ready;

/** VmHWM (peak RSS) of a pid in MiB, from /proc. */
const peakRssMiB = (pid: number): number => {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
};
const pidOf = (...needles: string[]): number | undefined =>
  readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .find((d) => {
      try {
        const cmd = readFileSync(`/proc/${d}/cmdline`, 'utf8').split('\0').join(' ');
        return needles.every((n) => cmd.includes(n));
      } catch {
        return false;
      }
    }) as unknown as number | undefined;

// The agents' process.
const gen = fork(join(import.meta.dirname, '../services/agent-runner/bench/fleet-load-gen.ts'), [], {
  execArgv: ['--import', 'tsx'],
  stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
});
const fromGen = <T>(type: string) =>
  new Promise<T>((resolve, reject) => {
    const onMessage = (m: { type: string }) => {
      if (m.type !== type) return;
      gen.off('message', onMessage);
      gen.off('exit', onExit);
      resolve(m as T);
    };
    const onExit = (code: number | null) => reject(new Error(`the agents' process exited (${code}) before '${type}'`));
    gen.on('message', onMessage);
    gen.once('exit', onExit);
  });
const genReady = fromGen<{ agentIds: string[] }>('ready');
gen.send({ natsUrl: nats.url, agents: AGENTS, perSec: PER_SEC, ms: MS, pad: PAD });
const { agentIds } = await genReady;

const browser = await launchChromium();
const page = await browser.newPage();
// tsx names functions with esbuild's `__name` helper, which the page does not have.
await page.addInitScript('window.__name = (f) => f;');
// A page served from loopback: Chromium refuses loopback sockets from about:blank (local network access).
const pageServer = createServer((_req, res) => void res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>fleet</title>'));
await new Promise<void>((r) => pageServer.listen(0, '127.0.0.1', r));
await page.goto(`http://127.0.0.1:${(pageServer.address() as { port: number }).port}/`);

interface PageResult {
  outputFrames: number;
  stateFrames: number;
  p50: number;
  p99: number;
  max: number;
}

/**
 * Opens the page's sockets: client i watches agents 2i and 2i+1 (hub mode: subscribe and wait for `subscribed`),
 * STATE_CLIENTS more watch `agent:state:*`. Each output frame's latency is the page's clock minus the `t=` in it.
 */
/** Which agents each output socket watches (socket i: agents 2i and 2i+1, wrapping when there are fewer agents). */
const watch = Array.from({ length: OUTPUT_CLIENTS }, (_, i) => [(2 * i) % AGENTS, (2 * i + 1) % AGENTS]);
const watchersOf = Array.from({ length: AGENTS }, (_, a) => watch.flatMap((w, i) => (w.includes(a) ? [i] : [])));
/** Output frames the page should get when `sent` events went round-robin over the agents. */
const expectedFrames = (sent: number) => {
  let n = 0;
  for (let k = 0; k < sent; k++) n += watchersOf[k % AGENTS].length;
  return n;
};

async function openSockets(p: Page, url: string, hubMode: boolean): Promise<void> {
  await p.evaluate(
    async ({ url, hubMode, watch, stateClients }) => {
      const w = window as unknown as { lat: number[]; counts: { output: number; state: number }; sockets: WebSocket[] };
      w.lat = [];
      w.counts = { output: 0, state: 0 };
      w.sockets = [];
      const open = (channels: string[]) =>
        new Promise<void>((resolve, reject) => {
          const ws = new WebSocket(url);
          w.sockets.push(ws);
          ws.onerror = () => reject(new Error(`socket to ${url} failed`));
          ws.onmessage = (ev) => {
            const text = ev.data as string;
            if (text.startsWith('{"type":"subscribed"')) return resolve();
            if (!text.startsWith('{"type":"event"')) return;
            const k = text.indexOf('"text":"t=');
            if (k < 0) {
              w.counts.state++;
              return;
            }
            w.counts.output++;
            w.lat.push(performance.timeOrigin + performance.now() - parseFloat(text.slice(k + 10, text.indexOf(';', k))));
          };
          ws.onopen = () => {
            if (!hubMode) return resolve();
            ws.send(JSON.stringify({ type: 'subscribe', channels }));
          };
        });
      await Promise.all([
        ...watch.map((ids) => open(ids.map((id) => `agent:output:${id}`))),
        ...Array.from({ length: stateClients }, () => open(['agent:state:*'])),
      ]);
    },
    {
      url,
      hubMode,
      watch: watch.map((w) => [...new Set(w)].map((a) => agentIds[a])),
      stateClients: STATE_CLIENTS,
    },
  );
}

async function pageResult(p: Page): Promise<PageResult> {
  return p.evaluate(() => {
    const w = window as unknown as { lat: number[]; counts: { output: number; state: number }; sockets: WebSocket[] };
    w.sockets.forEach((s) => s.close());
    const lat = w.lat.sort((a, b) => a - b);
    const at = (q: number) => lat[Math.min(lat.length - 1, Math.max(0, Math.ceil(q * lat.length) - 1))] ?? NaN;
    return { outputFrames: w.counts.output, stateFrames: w.counts.state, p50: at(0.5), p99: at(0.99), max: lat.at(-1) ?? NaN };
  });
}

/** Polls the page until `want` output frames arrived or `ms` passed (a bench, not a test: a shortfall is reported). */
async function drained(p: Page, want: number, ms: number): Promise<void> {
  const t0 = Date.now();
  while (Date.now() - t0 < ms) {
    if ((await p.evaluate(() => (window as unknown as { counts: { output: number } }).counts.output)) >= want) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}

// Baseline: the same frames, the same schedule, a bare ws server in this process straight to the page.
async function baseline(): Promise<PageResult & { sent: number }> {
  const port = await freePort();
  const wss = new WebSocketServer({ port, host: '127.0.0.1', perMessageDeflate: false });
  await new Promise((r) => wss.once('listening', r));
  await openSockets(page, `ws://127.0.0.1:${port}`, false);
  const sockets = [...wss.clients];
  const outputSockets = sockets.slice(0, OUTPUT_CLIENTS);
  const pad = 'x'.repeat(PAD);
  const total = AGENTS * PER_SEC;
  const t0 = performance.now();
  let sent = 0;
  while (performance.now() - t0 < MS) {
    const due = Math.floor(((performance.now() - t0) * total) / 1000);
    while (sent < due) {
      const agent = sent % AGENTS;
      const text = `t=${(performance.timeOrigin + performance.now()).toFixed(3)}; line ${sent} ${pad}`;
      const frame = `{"type":"event","channel":"agent:output:${agentIds[agent]}","cursor":"v1.0-${sent}","data":${JSON.stringify({ agentId: agentIds[agent], seq: sent, ts: new Date().toISOString(), type: 'output', stream: 'stdout', text })}}`;
      for (const i of watchersOf[agent]) outputSockets[i].send(frame);
      sent++;
    }
    await new Promise((r) => setTimeout(r, 1));
  }
  await drained(page, expectedFrames(sent), 10_000);
  const r = await pageResult(page);
  await new Promise((r) => wss.close(r));
  return { ...r, sent };
}

const base = await baseline();

await openSockets(page, `ws://127.0.0.1:${hubPort}/ws?token=bench`, true);
const done = fromGen<{ sent: number; states: number; acked: number; maxRssKiB: number; cpuUsPerEvent: number; ackP50: number; ackP99: number }>('done');
const natsPid = pidOf('nats-server', ` ${nats.port}`);
const hubPeak = () => peakRssMiB(hub.pid);
// The same events as they reach NATS (core subscription in this process): splits agent → NATS from NATS → page.
const atNats: number[] = [];
const tap = nc.subscribe(wireSubject(nc, 'agent.output.>'));
void (async () => {
  const dec = new TextDecoder();
  for await (const m of tap) {
    const text = dec.decode(m.data);
    const k = text.indexOf('"text":"t=');
    if (k >= 0) atNats.push(performance.timeOrigin + performance.now() - parseFloat(text.slice(k + 10, text.indexOf(';', k))));
  }
})();
gen.send({ type: 'go' });
const g = await done;
await drained(page, expectedFrames(g.sent), 30_000);
const r = await pageResult(page);
tap.unsubscribe();
atNats.sort((a, b) => a - b);
const q = (p: number) => atNats[Math.min(atNats.length - 1, Math.max(0, Math.ceil(p * atNats.length) - 1))];
const expectedStates = g.states * AGENTS * STATE_CLIENTS;

const f = (v: number) => (v < 10 ? v.toFixed(2) : v.toFixed(0));
process.stdout.write(
  `fleet load: ${AGENTS} agents × ${PER_SEC} events/s (${AGENTS * PER_SEC}/s) for ${MS / 1000} s, runner event path → NATS → hub → Chromium ` +
    `(${OUTPUT_CLIENTS} sockets × 2 agents' output + ${STATE_CLIENTS} × every agent's state): ` +
    `p50 ${f(r.p50)} ms, p99 ${f(r.p99)} ms, max ${f(r.max)} ms = ${(r.p99 / base.p99).toFixed(2)}× baseline p99 ` +
    `(bare ws → the same page: p50 ${f(base.p50)} ms, p99 ${f(base.p99)} ms)  [target p99 ≤ 25 ms]\n` +
    `  of which agent append → NATS: p50 ${f(q(0.5))} ms, p99 ${f(q(0.99))} ms (${atNats.length} events seen on NATS); append → JetStream ack p50 ${f(g.ackP50)} ms, p99 ${f(g.ackP99)} ms\n` +
    `  runner path CPU: ${g.cpuUsPerEvent.toFixed(1)} µs per event (the agents' process, go → last ack)\n` +
    `  delivered: ${r.outputFrames} of ${expectedFrames(g.sent)} output frames (${g.sent} events) (${(r.outputFrames / (MS / 1000)) | 0}/s), ${r.stateFrames} of ${expectedStates} state frames; acked by JetStream ${g.acked}\n` +
    `  peak RSS: agents' process (runner event path) ${(g.maxRssKiB / 1024).toFixed(0)} MiB, ws-hub ${hubPeak().toFixed(0)} MiB, nats-server ${natsPid ? peakRssMiB(natsPid).toFixed(0) : '?'} MiB\n`,
);

await browser.close();
pageServer.close();
await procs.stopAll();
await nc.close();
await nats.stop();
rmSync(dir, { recursive: true, force: true });
process.exit(0);
