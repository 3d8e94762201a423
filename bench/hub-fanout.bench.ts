// ws-hub fan-out: deliveries/s (events × subscribers) of 1 KiB events through NATS JetStream → hub → N sockets,
// against a bare `ws` broadcast of the same frames to N sockets in the same process. Target ≥ 0.7×.
import { now, type Rate, reportRate } from './lib.ts';
import { bareBroadcast, benchHub, closeAll, hubClients, payload } from './hub-lib.ts';
import { wireSubject } from '@flywheel/kit';

const WINDOW = 256; // events in flight ahead of the slowest average, for both paths

async function waitFor(done: () => boolean): Promise<void> {
  while (!done()) await new Promise((r) => setTimeout(r, 1));
}

async function bare(n: number, events: number): Promise<Rate> {
  let total = 0;
  const b = await bareBroadcast(n, () => total++);
  const t0 = now();
  for (let i = 0; i < events; i++) {
    b.broadcast(Buffer.from(`{"type":"event","channel":"agent:output:f1","cursor":"v1.0-${i}","data":${payload(i, now())}}`));
    while (i - total / n > WINDOW) await new Promise((r) => setImmediate(r));
  }
  await waitFor(() => total >= events * n);
  const ms = now() - t0;
  await b.close();
  return { ops: events * n, ms, perSec: (events * n * 1000) / ms };
}

async function hub(n: number, events: number, h: Awaited<ReturnType<typeof benchHub>>): Promise<Rate> {
  let total = 0;
  const clients = await hubClients(h.port, n, ['agent:output:*'], (_i, text) => text.charCodeAt(9) === 101 /* "event" */ && total++);
  const t0 = now();
  for (let i = 0; i < events; i++) {
    // Core publish into the stream's subject: JetStream stores it; the bench does not wait for acks.
    h.nc.publish(wireSubject(h.nc, `agent.output.f${i % 3}`), payload(i, now()));
    while (i - total / n > WINDOW) await new Promise((r) => setTimeout(r, 0));
  }
  await waitFor(() => total >= events * n);
  const ms = now() - t0;
  closeAll(clients);
  return { ops: events * n, ms, perSec: (events * n * 1000) / ms };
}

const h = await benchHub({ WS_SEND_HWM_BYTES: String(8 * 1024 * 1024) });
for (const [n, events] of [
  [100, 3000],
  [1000, 300],
] as const) {
  await bare(n, Math.round(events / 5)); // warm-up
  const base = await bare(n, events);
  const sub = await hub(n, events, h);
  reportRate(`hub fan-out, ${n} subscribers, 1 KiB events (deliveries/s)`, sub, base, '≥ 0.7×');
}
await h.stop();
process.exit(0);
