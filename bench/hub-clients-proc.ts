// The WebSocket clients of bench/hub-latency.bench.ts, in a process of their own (forked with IPC), so the
// clients' parsing and GC do not run in the hub's process (the first round's p99 at 5,000 events/s × 10 missed
// its target because hub and clients shared one process). Send times travel in the frames as `now()`
// (process.hrtime, CLOCK_MONOTONIC: one clock for every process on the machine).
//
// Protocol: the parent sends one `Plan`; this process connects and answers `{type:'ready'}`; on `{type:'stop'}` it
// answers `{type:'result', lat}` (latencies in ms of the measured clients' event frames) and exits.
import type { Socket } from 'node:net';
import WebSocket from 'ws';
import { now } from './lib.ts';
import { hubClients, sentTimes } from './hub-lib.ts';

export interface Plan {
  port: number;
  /** `hub`: subscribe with a token as the dashboard does; `bare`: a plain `ws` server that broadcasts. */
  mode: 'hub' | 'bare';
  n: number;
  channels: string[];
  /** Hub mode: more clients that watch `extraChannels` and are not measured; `stall` makes them stop reading. */
  extra?: number;
  extraChannels?: string[];
  stall?: boolean;
  /** Hub mode: the measured clients subscribe with `batch: true` (events frames). */
  eventsFrames?: boolean;
}

async function bareClients(port: number, n: number, onFrame: (text: string) => void): Promise<WebSocket[]> {
  const out: WebSocket[] = [];
  for (let i = 0; i < n; i++) {
    const ws = new WebSocket(`ws://127.0.0.1:${port}`);
    ws.on('message', (raw) => onFrame(raw.toString()));
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    out.push(ws);
  }
  return out;
}

const send = (m: unknown) => new Promise<void>((resolve) => process.send!(m, () => resolve()));

process.once('message', async (plan: Plan) => {
  const lat: number[] = [];
  // An event (or events) frame starts `{"type":"event`: the 10th character tells it from acks and control frames.
  const record = (text: string) => {
    if (text.charCodeAt(9) !== 101) return;
    const t = now();
    for (const sent of sentTimes(text)) lat.push(t - sent);
  };
  const clients =
    plan.mode === 'bare'
      ? await bareClients(plan.port, plan.n, record)
      : await hubClients(plan.port, plan.n, plan.channels, (_i, text) => record(text), undefined, 100, plan.eventsFrames);
  const others = plan.extra ? await hubClients(plan.port, plan.extra, plan.extraChannels ?? ['agent:output:*'], () => undefined) : [];
  if (plan.stall) others.forEach((c) => (c as unknown as { _socket: Socket })._socket.pause());
  process.on('message', async (m: { type: string }) => {
    if (m.type !== 'stop') return;
    [...clients, ...others].forEach((c) => c.terminate());
    await send({ type: 'result', lat });
    process.exit(0);
  });
  await send({ type: 'ready' });
});
