// ws-hub replay of 100,000 missed events to one client, against a bare loop that reads the same range from
// JetStream and sends each message on a `ws` socket. Target ≥ 0.5× (and 100k in ≤ 4 s).
// Measured twice: from JetStream (a fresh hub instance, empty ring) and from the in-memory ring.
import WebSocket, { WebSocketServer } from 'ws';
import { jetstream } from '@nats-io/jetstream';
import { freePort } from '@flywheel/kit/testing';
import { now, type Rate, reportRate } from './lib.ts';
import { benchHub, closeAll, hubClients, payload } from './hub-lib.ts';
import { wireSubject } from '@flywheel/kit';

const N = 100_000;
const rateOf = (ms: number): Rate => ({ ops: N, ms, perSec: (N * 1000) / ms });

async function bareLoop(nc: Awaited<ReturnType<typeof benchHub>>['nc'], fromSeq: number): Promise<Rate> {
  const port = await freePort();
  const wss = new WebSocketServer({ port, host: '127.0.0.1', perMessageDeflate: false });
  await new Promise((r) => wss.once('listening', r));
  let got = 0;
  const client = new WebSocket(`ws://127.0.0.1:${port}`);
  client.on('message', () => got++);
  const [server] = await Promise.all([new Promise<WebSocket>((r) => wss.once('connection', r)), new Promise((r) => client.once('open', r))]);
  const t0 = now();
  const consumer = await jetstream(nc).consumers.get('FW_AGENT_OUTPUT', { opt_start_seq: fromSeq + 1 });
  const messages = await consumer.consume({ max_messages: 1000 });
  let sent = 0;
  for await (const m of messages) {
    server.send(m.data, { binary: false });
    if (++sent === N) break;
  }
  messages.stop();
  while (got < N) await new Promise((r) => setTimeout(r, 1));
  const ms = now() - t0;
  client.terminate();
  await new Promise((r) => wss.close(r));
  return rateOf(ms);
}

async function hubReplay(port: number, since: string): Promise<Rate> {
  let got = 0;
  const t0 = now();
  const [c] = await hubClients(port, 1, ['agent:output:*'], (_i, text) => text.charCodeAt(9) === 101 && got++, [since]);
  const ms = now() - t0;
  if (got !== N) throw new Error(`replayed ${got}, expected ${N}`);
  closeAll([c]);
  return rateOf(ms);
}

const a = await benchHub({ WS_RING_EVENTS: '200000', WS_RING_BYTES: String(256 * 1024 * 1024) });
let since = '';
const [first] = await hubClients(a.port, 1, ['agent:output:*'], (_i, text) => {
  if (text.startsWith('{"type":"subscribed"')) since = JSON.parse(text).cursor;
});
closeAll([first]);
const startSeq = (await (await jetstream(a.nc).jetstreamManager()).streams.info('FW_AGENT_OUTPUT')).state.last_seq;
for (let i = 0; i < N; i++) {
  a.nc.publish(wireSubject(a.nc, `agent.output.rp${i % 10}`), payload(i, 0, 256));
  if (i % 1000 === 999) await a.nc.flush();
}
const jsm = await jetstream(a.nc).jetstreamManager();
while ((await jsm.streams.info('FW_AGENT_OUTPUT')).state.last_seq < startSeq + N) await new Promise((r) => setTimeout(r, 20));
while (((await a.running.deps.metrics.registry.getSingleMetric('ws_hub_events_in_total')!.get()).values[0]?.value ?? 0) < N)
  await new Promise((r) => setTimeout(r, 20));

const b = await benchHub({}, a.nats);
const base = await bareLoop(a.nc, startSeq);
reportRate('hub replay of 100k events from JetStream (fresh instance)', await hubReplay(b.port, since), base, '≥ 0.5×, ≤ 4 s');
reportRate('hub replay of 100k events from the ring', await hubReplay(a.port, since), base, '≥ 0.5×, ≤ 4 s');
await b.stop();
await a.stop();
process.exit(0);
