import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import type { EventFrame } from '@flywheel/contracts';
import { startService, type RunningService } from '@flywheel/kit';
import { freePort, startNats, waitFor, type TestNats } from '@flywheel/kit/testing';
import { GatewayDefinition } from '@flywheel/gateway-api';
import { AgentRunnerDefinition } from '@flywheel/agent-runner';
import { SafetyDefinition } from '@flywheel/safety';
import { CoordinationDefinition } from '@flywheel/coordination';
import { HubDefinition } from '@flywheel/ws-hub';
import { CostDefinition } from '@flywheel/cost';

export const ADMIN_KEY = 'e2e-coord-admin-0123456789abcdef';

export interface LiveChannel {
  events: EventFrame[];
  next(pred: (e: EventFrame) => boolean, what: string, timeoutMs?: number): Promise<EventFrame>;
  close(): void;
}

export interface CoordE2e {
  nats: TestNats;
  origin: string;
  env: Record<string, string>;
  services: Map<string, RunningService>;
  api(method: string, path: string, body?: unknown, key?: string): Promise<{ status: number; body: any }>;
  /** A WebSocket through the gateway's /ws, subscribed to `channels`. */
  live(channels: string[]): Promise<LiveChannel>;
  tmp(prefix: string): string;
  stop(): Promise<void>;
}

/** nats-server, ws-hub, safety, coordination, agent-runner and the gateway, in-process on free ports and temp dirs. */
export async function startCoordE2e(extra: Record<string, string> = {}, opts: { cost?: boolean } = {}): Promise<CoordE2e> {
  const nats = await startNats();
  const temps: string[] = [];
  const tmp = (prefix: string) => {
    const d = mkdtempSync(join(tmpdir(), prefix));
    temps.push(d);
    return d;
  };
  const hubPort = await freePort();
  const env: Record<string, string> = {
    NATS_URL: nats.url,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    WS_HUB_PORT: String(hubPort),
    WS_HUB_URL: `http://127.0.0.1:${hubPort}`,
    PORT: '0',
    FLYWHEEL_ADMIN_KEY: ADMIN_KEY,
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    TMUX_SOCKET: `fwcoord-${process.pid}`,
    GUARD_TIMEOUT_MS: '10000',
    RUNNER_ID: 'r-coord',
    INSTANCE_ID: 'r-coord',
    UNMERGED_SCAN_MS: '0',
    ...extra,
  };
  const services = new Map<string, RunningService>();
  for (const def of [
    HubDefinition,
    SafetyDefinition,
    ...(opts.cost ? [CostDefinition] : []),
    CoordinationDefinition,
    AgentRunnerDefinition,
    GatewayDefinition,
  ] as const) {
    services.set(def.name, await startService(def as never, { ...env, DATA_DIR: tmp(`fw-${def.name}-`) }));
  }
  const origin = `http://127.0.0.1:${(services.get('gateway-api')!.instance as unknown as { port: number }).port}`;
  const s: CoordE2e = {
    nats,
    origin,
    env,
    services,
    tmp,
    async api(method, path, body, key = ADMIN_KEY) {
      const res = await fetch(`${origin}/api/v1${path}`, {
        method,
        headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : undefined };
    },
    async live(channels) {
      const { token } = (await s.api('POST', '/ws/token')).body as { token: string };
      const ws = new WebSocket(`${origin.replace('http', 'ws')}/ws?token=${encodeURIComponent(token)}`);
      const events: EventFrame[] = [];
      let subscribed = false;
      ws.on('message', (raw) => {
        const f = JSON.parse(raw.toString()) as { type: string };
        if (f.type === 'hello') ws.send(JSON.stringify({ type: 'subscribe', channels }));
        if (f.type === 'subscribed') subscribed = true;
        if (f.type === 'event') events.push(f as EventFrame);
      });
      await waitFor(() => subscribed, { what: `subscribed to ${channels.join(', ')}` });
      return {
        events,
        next: (pred, what, timeoutMs = 15_000) => waitFor(() => events.find(pred), { what, timeoutMs }),
        close: () => ws.close(),
      };
    },
    async stop() {
      const bounded = (p: Promise<unknown>) => Promise.race([p.catch(() => undefined), new Promise((r) => setTimeout(r, 10_000))]);
      for (const name of ['gateway-api', 'agent-runner', 'coordination', 'cost', 'safety', 'ws-hub'])
        await bounded(services.get(name)?.stop() ?? Promise.resolve());
      await nats.stop();
      for (const d of temps) rmSync(d, { recursive: true, force: true });
    },
  };
  return s;
}
