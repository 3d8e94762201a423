// Shared setup for the ws-hub benchmarks: a real nats-server, a stand-in for the gateway's credential
// RPC, the hub in-process, `ws` clients, and the bare `ws` baselines they are compared with.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket, { WebSocketServer } from 'ws';
import { jetstream } from '@nats-io/jetstream';
import { verifyCredentialRpc } from '@flywheel/contracts';
import { connectNats, serve, startService, type NatsConnection } from '@flywheel/kit';
import { freePort, startNats, testLogger, type TestNats } from '@flywheel/kit/testing';
import { HubDefinition } from '@flywheel/ws-hub';

export interface BenchHub {
  nats: TestNats;
  nc: NatsConnection;
  port: number;
  running: Awaited<ReturnType<typeof startService<typeof HubDefinition.configSchema, Awaited<ReturnType<typeof HubDefinition.create>>>>>;
  stop(): Promise<void>;
}

export async function benchHub(env: Record<string, string> = {}, nats?: TestNats): Promise<BenchHub> {
  const ownNats = !nats;
  nats ??= await startNats();
  const nc = await connectNats({ url: nats.url, name: 'bench', logger: testLogger() });
  const auth = serve(nc, verifyCredentialRpc, () => ({ accountId: 'bench', role: 'admin' as const, keyId: 'k' }), { logger: testLogger() });
  const dir = mkdtempSync(join(tmpdir(), 'fw-bench-hub-'));
  const port = await freePort();
  const running = await startService(HubDefinition, { NATS_URL: nats.url, DATA_DIR: dir, WS_HUB_PORT: String(port), LOG_LEVEL: 'silent', ...env });
  return {
    nats: nats!,
    nc,
    port,
    running,
    async stop() {
      await running.stop();
      auth.stop();
      await nc.drain();
      if (ownNats) await nats!.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** `n` hub clients subscribed to `channels`; `onFrame` sees every raw text frame. */
export async function hubClients(
  port: number,
  n: number,
  channels: string[],
  onFrame: (i: number, text: string) => void,
  since?: string[],
  batch = 100,
  eventsFrames = false,
): Promise<WebSocket[]> {
  const out: WebSocket[] = [];
  for (let b = 0; b < n; b += batch) {
    out.push(
      ...(await Promise.all(
        Array.from({ length: Math.min(batch, n - b) }, (_, k) => b + k).map(
          (i) =>
            new Promise<WebSocket>((resolve, reject) => {
              const ws = new WebSocket(`ws://127.0.0.1:${port}/ws?token=bench`);
              ws.on('message', (raw) => {
                const text = raw.toString();
                if (text.startsWith('{"type":"subscribed"')) resolve(ws);
                onFrame(i, text);
              });
              ws.once('open', () =>
                ws.send(JSON.stringify({ type: 'subscribe', channels, ...(since?.[i] ? { since: since[i] } : {}), ...(eventsFrames ? { batch: true } : {}) })),
              );
              ws.once('error', reject);
            }),
        ),
      )),
    );
  }
  return out;
}

/** A bare `ws` server with `n` connected clients: the baseline. */
export async function bareBroadcast(n: number, onFrame: (i: number, text: string) => void) {
  const port = await freePort();
  const wss = new WebSocketServer({ port, host: '127.0.0.1', perMessageDeflate: false });
  await new Promise((r) => wss.once('listening', r));
  const clients: WebSocket[] = [];
  for (let i = 0; i < n; i++) {
    const ws = new WebSocket(`ws://127.0.0.1:${port}`);
    ws.on('message', (raw) => onFrame(i, raw.toString()));
    await new Promise((r) => ws.once('open', r));
    clients.push(ws);
  }
  while (wss.clients.size < n) await new Promise((r) => setTimeout(r, 5));
  return {
    clients,
    broadcast(frame: Buffer) {
      for (const c of wss.clients) c.send(frame, { binary: false });
    },
    async close() {
      clients.forEach((c) => c.terminate());
      await new Promise((r) => wss.close(r));
    },
  };
}

export const closeAll = (clients: WebSocket[]) => clients.forEach((c) => c.terminate());

/** A ~`size`-byte JSON payload carrying an index and a send time. */
export const payload = (i: number, t: number, size = 1024): string => {
  const head = `{"t":${t.toFixed(3)},"i":${i},"pad":"`;
  return `${head}${'x'.repeat(Math.max(0, size - head.length - 2))}"}`;
};

/** Every `"t":…` send time in a frame, without parsing the rest (an `events` frame carries several). */
export const sentTimes = (text: string): number[] => {
  const out: number[] = [];
  for (let k = text.indexOf('"t":'); k >= 0; k = text.indexOf('"t":', k + 4)) out.push(parseFloat(text.slice(k + 4, text.indexOf(',', k))));
  return out;
};

export const js = (nc: NatsConnection) => jetstream(nc);
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
