// Reconnect storm: 1,000 clients, each holding its last cursor, reconnect at once after missing 200 events.
// Every client must get exactly the 200 it missed, in order (no gap, no duplicate), all within 5 s.
// Baseline: 1,000 clients connecting at once to a bare `ws` server that sends the same 200 frames from memory.
import { freePort } from '@flywheel/kit/testing';
import { now, type Rate, reportRate } from './lib.ts';
import WebSocket, { WebSocketServer } from 'ws';
import { benchHub, closeAll, hubClients, payload } from './hub-lib.ts';
import { wireSubject } from '@flywheel/kit';

const CLIENTS = 1000;
const LIVE = 50;
const MISSED = 200;
const rateOf = (ms: number): Rate => ({ ops: CLIENTS * MISSED, ms, perSec: (CLIENTS * MISSED * 1000) / ms });

async function bareStorm(): Promise<Rate> {
  const port = await freePort();
  const wss = new WebSocketServer({ port, host: '127.0.0.1', perMessageDeflate: false });
  await new Promise((r) => wss.once('listening', r));
  const frames = Array.from({ length: MISSED }, (_, i) =>
    Buffer.from(`{"type":"event","channel":"agent:output:s1","cursor":"v1.0-${i}","data":${payload(i, 0, 256)},"replay":true}`),
  );
  wss.on('connection', (ws) => frames.forEach((f) => ws.send(f, { binary: false })));
  let got = 0;
  const t0 = now();
  const clients = Array.from({ length: CLIENTS }, () => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}`);
    ws.on('message', () => got++);
    ws.on('error', () => undefined);
    return ws;
  });
  while (got < CLIENTS * MISSED) await new Promise((r) => setTimeout(r, 2));
  const ms = now() - t0;
  closeAll(clients);
  await new Promise((r) => wss.close(r));
  return rateOf(ms);
}

const h = await benchHub();
const last: string[] = new Array(CLIENTS).fill('');
const seen: number[][] = Array.from({ length: CLIENTS }, () => []);
const onFrame = (i: number, text: string) => {
  if (text.charCodeAt(9) !== 101) return;
  const f = JSON.parse(text);
  last[i] = f.cursor;
  seen[i].push(f.data.i);
};
const first = await hubClients(h.port, CLIENTS, ['agent:output:*'], onFrame);
for (let i = 0; i < LIVE; i++) h.nc.publish(wireSubject(h.nc, 'agent.output.s1'), payload(i, 0, 256));
while (seen.some((s) => s.length < LIVE)) await new Promise((r) => setTimeout(r, 5));
closeAll(first);
for (let i = LIVE; i < LIVE + MISSED; i++) h.nc.publish(wireSubject(h.nc, 'agent.output.s1'), payload(i, 0, 256));
await h.nc.flush();
while (((await h.running.deps.metrics.registry.getSingleMetric('ws_hub_events_in_total')!.get()).values[0]?.value ?? 0) < LIVE + MISSED)
  await new Promise((r) => setTimeout(r, 5));
seen.forEach((s) => (s.length = 0));

const t0 = now();
const again = await hubClients(h.port, CLIENTS, ['agent:output:*'], onFrame, last, CLIENTS); // all at once
while (seen.some((s) => s.length < MISSED)) await new Promise((r) => setTimeout(r, 2));
const ms = now() - t0;
const exact = seen.every((s) => s.length === MISSED && s.every((v, k) => v === LIVE + k));
closeAll(again);
reportRate(`reconnect storm, ${CLIENTS} clients × ${MISSED} missed events (events/s)`, rateOf(ms), await bareStorm(), 'all within 5 s, exact');
process.stdout.write(`  all ${CLIENTS} recovered in ${(ms / 1000).toFixed(2)} s; every client exact (no gap, no duplicate): ${exact}\n`);
await h.stop();
process.exit(exact ? 0 : 1);
