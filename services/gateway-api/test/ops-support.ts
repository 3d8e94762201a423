import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startService, type RunningService } from '@flywheel/kit';
import { freePort } from '@flywheel/kit/testing';
import { GatewayDefinition } from '../src/service.ts';

export const ADMIN_KEY = 'ops-test-admin-key-0123456789abcdef';

/** One gateway instance with its own database; several share one NATS deployment like instances behind a balancer. */
export interface TestGateway {
  base: string;
  running: RunningService;
  api(method: string, path: string, opts?: { body?: unknown; key?: string | null }): Promise<{ status: number; body: any; text: string; headers: Headers }>;
  stop(): Promise<void>;
}

export async function startGateway(natsUrl: string, env: Record<string, string> = {}): Promise<TestGateway> {
  const dataDir = mkdtempSync(join(tmpdir(), 'fw-gw-ops-'));
  const port = await freePort();
  const running = await startService(GatewayDefinition, {
    NATS_URL: natsUrl,
    DATA_DIR: dataDir,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    FLYWHEEL_ADMIN_KEY: ADMIN_KEY,
    ...env,
  });
  const base = `http://127.0.0.1:${port}`;
  return {
    base,
    running,
    async api(method, path, { body, key = ADMIN_KEY } = {}) {
      const headers: Record<string, string> = {
        ...(key ? { authorization: `Bearer ${key}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      };
      const res = await fetch(`${base}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
      const text = await res.text();
      let parsed: unknown;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        parsed = undefined;
      }
      return { status: res.status, body: parsed, text, headers: res.headers };
    },
    async stop() {
      await running.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
