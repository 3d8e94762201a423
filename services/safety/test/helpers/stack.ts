import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DcgEvent } from '@flywheel/contracts';
import { connectNats, startService, type NatsConnection, type RunningService } from '@flywheel/kit';
import { startNats, testLogger, waitFor, type TestNats } from '@flywheel/kit/testing';
import { SafetyDefinition } from '../../src/service.ts';
import { GatewayDefinition } from '../../../gateway-api/src/service.ts';

export interface Stack {
  nats: TestNats;
  nc: NatsConnection;
  dataDir: string;
  safety: RunningService[];
  api: string;
  /** Everything seen on system.dcg since start. */
  events: DcgEvent[];
  http(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }>;
  waitEvent(pred: (e: DcgEvent) => boolean, what: string, timeoutMs?: number): Promise<DcgEvent>;
  tmp(prefix: string): string;
  stop(): Promise<void>;
}

/** Real nats-server, `instances` safety services sharing one DATA_DIR, and the real gateway on a free port. */
export async function startStack(opts: { env?: Record<string, string>; gatewayEnv?: Record<string, string>; instances?: number } = {}): Promise<Stack> {
  const nats = await startNats();
  const temps: string[] = [];
  const tmp = (prefix: string) => {
    const d = mkdtempSync(join(tmpdir(), prefix));
    temps.push(d);
    return d;
  };
  const dataDir = tmp('fw-safety-');
  const base = { NATS_URL: nats.url, DATA_DIR: dataDir, LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent' };
  const safety: RunningService[] = [];
  for (let i = 0; i < (opts.instances ?? 1); i++) safety.push(await startService(SafetyDefinition, { ...base, INSTANCE_ID: `safety-${i}`, ...opts.env }));
  const gateway = await startService(GatewayDefinition, { ...base, DATA_DIR: tmp('fw-gw-'), PORT: '0', HOST: '127.0.0.1', WEB_DIST: tmp('fw-web-'), ...opts.gatewayEnv });
  const api = `http://127.0.0.1:${(gateway.instance as unknown as { port: number }).port}/api/v1`;
  const nc = await connectNats({ url: nats.url, name: 'safety-test', logger: testLogger() });
  const events: DcgEvent[] = [];
  const sub = nc.subscribe('system.dcg');
  void (async () => {
    for await (const m of sub) events.push(DcgEvent.parse(m.json()));
  })();
  await nc.flush();
  const s: Stack = {
    nats, nc, dataDir, safety, api, events, tmp,
    async http(method, path, body) {
      const res = await fetch(`${api}${path}`, { method, headers: body === undefined ? {} : { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : undefined };
    },
    waitEvent: (pred, what, timeoutMs = 10_000) => waitFor(() => events.find(pred), { what, timeoutMs }),
    async stop() {
      sub.unsubscribe();
      await nc.drain().catch(() => undefined);
      await gateway.stop();
      for (const r of safety) await r.stop();
      await nats.stop();
      for (const d of temps) rmSync(d, { recursive: true, force: true });
    },
  };
  return s;
}
