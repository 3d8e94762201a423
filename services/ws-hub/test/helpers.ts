import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { jetstream } from '@nats-io/jetstream';
import { AppError, ServerFrame, verifyCredentialRpc, type Principal } from '@flywheel/contracts';
import { connectNats, serve, startService, type NatsConnection, type RunningService } from '@flywheel/kit';
import { freePort, testLogger } from '@flywheel/kit/testing';
import { createHubService, HubDefinition } from '../src/service.ts';
import type { HubConfig } from '../src/config.ts';

/** Credentials the fake gateway accepts in these tests. */
export const KEYS: Record<string, Principal> = {
  'admin-key': { accountId: 'ops', role: 'admin', keyId: 'k-admin' },
  'viewer-a': { accountId: 'acct-a', role: 'viewer', keyId: 'k-va' },
  'viewer-b': { accountId: 'acct-b', role: 'viewer', keyId: 'k-vb' },
};

/** Serves svc.gateway-api.auth.verify from a fixed table, as the gateway would. */
export async function fakeGateway(url: string): Promise<{ nc: NatsConnection; stop(): Promise<void> }> {
  const nc = await connectNats({ url, name: 'test-gateway', logger: testLogger() });
  const sub = serve(
    nc,
    verifyCredentialRpc,
    ({ credential }) => {
      const p = KEYS[credential];
      if (!p) throw new AppError('UNAUTHORIZED', 'unknown credential');
      return p;
    },
    { logger: testLogger() },
  );
  return { nc, stop: async () => (sub.stop(), await nc.drain()) };
}

export interface TestHub {
  port: number;
  dataDir: string;
  running: RunningService<HubConfig, Awaited<ReturnType<typeof createHubService>>>;
  stop(): Promise<void>;
}

export async function startHub(natsUrl: string, env: Record<string, string> = {}, dataDir?: string): Promise<TestHub> {
  const port = await freePort();
  const dir = dataDir ?? mkdtempSync(join(tmpdir(), 'fw-hub-'));
  const running = await startService(HubDefinition, {
    NATS_URL: natsUrl,
    DATA_DIR: dir,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    WS_HUB_PORT: String(port),
    INSTANCE_ID: `hub-${port}`,
    ...env,
  });
  return {
    port,
    dataDir: dir,
    running,
    async stop() {
      await running.stop();
      if (!dataDir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Publishes `n` events to one subject through JetStream, in order; returns their payloads. */
export async function publishMany(nc: NatsConnection, subject: string, n: number, start = 0, pad = 0): Promise<void> {
  const js = jetstream(nc);
  const filler = 'x'.repeat(pad);
  const batch = 200;
  for (let i = 0; i < n; i += batch) {
    const acks = [];
    for (let j = i; j < Math.min(n, i + batch); j++) acks.push(js.publish(subject, JSON.stringify({ i: start + j, filler })));
    await Promise.all(acks);
  }
}

type Frame = ServerFrame;

/** A real `ws` client that records every frame and lets a test await the ones it needs. */
export class TestClient {
  readonly frames: Frame[] = [];
  closeCode?: number;
  private waiters: (() => void)[] = [];

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (raw) => {
      this.frames.push(ServerFrame.parse(JSON.parse(raw.toString())));
      this.wake();
    });
    ws.on('close', (code) => {
      this.closeCode = code;
      this.wake();
    });
  }

  static connect(port: number, token?: string, query = ''): Promise<TestClient> {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/ws${query}`, token ? { headers: { authorization: `Bearer ${token}` } } : {});
    return new Promise((resolve, reject) => {
      const c = new TestClient(ws);
      ws.once('open', () => c.next((f) => f.type === 'hello').then(() => resolve(c), reject));
      ws.once('unexpected-response', (_req, res) => reject(Object.assign(new Error(`HTTP ${res.statusCode}`), { status: res.statusCode })));
      ws.once('error', reject);
    });
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    w.forEach((f) => f());
  }

  send(frame: unknown): void {
    this.ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  events(): Extract<Frame, { type: 'event' }>[] {
    return this.frames.filter((f): f is Extract<Frame, { type: 'event' }> => f.type === 'event');
  }

  /** Resolves with the first recorded frame (from `from` on) that matches. */
  async next<T extends Frame>(pred: (f: Frame) => f is T, from?: number, timeoutMs?: number): Promise<T>;
  async next(pred: (f: Frame) => boolean, from?: number, timeoutMs?: number): Promise<Frame>;
  async next(pred: (f: Frame) => boolean, from = 0, timeoutMs = 15_000): Promise<Frame> {
    return this.until(() => this.frames.slice(from).find(pred), timeoutMs, 'frame');
  }

  /** Resolves once `probe` holds, re-checked on every frame or close. */
  async until<T>(probe: () => T | undefined | false, timeoutMs = 15_000, what = 'condition'): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const v = probe();
      if (v) return v;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise<void>((r) => {
        const t = setTimeout(r, Math.max(0, deadline - Date.now()) + 1);
        this.waiters.push(() => (clearTimeout(t), r()));
      });
    }
  }

  async subscribe(channels: string[], since?: string): Promise<Extract<Frame, { type: 'subscribed' }>> {
    const from = this.frames.length;
    this.send({ type: 'subscribe', channels, ...(since ? { since } : {}) });
    const f = await this.next((x) => x.type === 'subscribed' || x.type === 'error', from);
    if (f.type === 'error') throw new Error(`subscribe failed: ${f.error.code} ${f.error.message}`);
    return f as Extract<Frame, { type: 'subscribed' }>;
  }

  close(): Promise<void> {
    if (this.ws.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((r) => {
      this.ws.once('close', () => r());
      this.ws.close();
    });
  }
}
