import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { jetstream } from '@nats-io/jetstream';
import { ServerFrame } from '@flywheel/contracts';
import { connectNats, request, startService, type NatsConnection, type RunningService } from '@flywheel/kit';
import { freePort, testLogger } from '@flywheel/kit/testing';
import { createHubService, HubDefinition } from '../src/service.ts';
import type { HubConfig } from '../src/config.ts';
import { GatewayDefinition } from '../../gateway-api/src/service.ts';
import { createApiKeyRpc } from '../../gateway-api/src/auth/auth-rpcs.ts';

const ADMIN_KEY = 'fwk_hub-test-admin-key-0123456789';

/** Test names for credentials → the real keys the gateway issued for them (filled by startGateway). */
const aliases = new Map<string, string>([['admin-key', ADMIN_KEY]]);

/** The real credential behind a test alias ('admin-key', 'viewer-a', 'viewer-b'); anything else as given. */
export const credential = (alias: string): string => aliases.get(alias) ?? alias;

/**
 * The real gateway-api in-process (it serves svc.gateway-api.auth.verify for the hub) with an admin key
 * for account `ops` and viewer keys for `acct-a` and `acct-b`; `nc` is a spare connection for publishing.
 */
export async function startGateway(url: string): Promise<{ nc: NatsConnection; stop(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'fw-hub-gw-'));
  const gw = await startService(GatewayDefinition, {
    NATS_URL: url, DATA_DIR: dir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', FLYWHEEL_ADMIN_KEY: ADMIN_KEY, FLYWHEEL_ADMIN_ACCOUNT: 'ops',
  });
  const nc = await connectNats({ url, name: 'test-publisher', logger: testLogger() });
  for (const [alias, accountId] of [['viewer-a', 'acct-a'], ['viewer-b', 'acct-b']] as const) {
    const { key } = await request(nc, createApiKeyRpc, { credential: ADMIN_KEY, accountId, role: 'viewer' });
    aliases.set(alias, key);
  }
  return {
    nc,
    async stop() {
      await nc.drain();
      await gw.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
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
    const q = query.replace(/token=([^&]*)/, (_m, t: string) => `token=${encodeURIComponent(credential(t))}`);
    const ws = new WebSocket(`ws://127.0.0.1:${port}/ws${q}`, token ? { headers: { authorization: `Bearer ${credential(token)}` } } : {});
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
