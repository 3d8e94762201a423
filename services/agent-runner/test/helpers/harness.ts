import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startService, type RunningService } from '@flywheel/kit';
import { startNats, type TestNats } from '@flywheel/kit/testing';
import { AgentRunnerDefinition } from '../../src/service.ts';
import { startTestGateway } from './test-gateway.ts';

export interface Harness {
  nats: TestNats;
  api: string;
  dataDirs: string[];
  runners: Map<string, RunningService>;
  startRunner(runnerId: string, env?: Record<string, string>): Promise<RunningService>;
  /** Calls the gateway; returns status and parsed JSON. */
  http(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: any }>;
  tmp(prefix: string): string;
  stop(): Promise<void>;
}

/** Real nats-server + gateway + agent-runner(s) in-process, on free ports and temp dirs. */
export async function startHarness(opts: { runnerEnv?: Record<string, string>; runners?: string[] } = {}): Promise<Harness> {
  const nats = await startNats();
  const temps: string[] = [];
  const tmp = (prefix: string) => {
    const d = mkdtempSync(join(tmpdir(), prefix));
    temps.push(d);
    return d;
  };
  const gateway = await startTestGateway(nats.url).catch(async (err) => {
    await nats.stop();
    throw err;
  });
  const runners = new Map<string, RunningService>();
  const h: Harness = {
    nats,
    api: `${gateway.url}/api/v1`,
    dataDirs: temps,
    runners,
    tmp,
    async startRunner(runnerId, env = {}) {
      const r = await startService(AgentRunnerDefinition, {
        // What a deployed runner has and hands to its agents (AGENT_ENV_INHERIT).
        PATH: process.env.PATH, HOME: process.env.HOME,
        NATS_URL: nats.url, DATA_DIR: env.DATA_DIR ?? tmp('fw-runner-'), RUNNER_ID: runnerId, INSTANCE_ID: runnerId,
        LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent', TMUX_SOCKET: `fwtest-${process.pid}`, GUARD_TIMEOUT_MS: '5000',
        ...opts.runnerEnv, ...env,
      });
      runners.set(runnerId, r);
      return r;
    },
    async http(method, path, body, headers = {}) {
      const res = await fetch(`${h.api}${path}`, {
        method, headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : undefined };
    },
    async stop() {
      // Bounded, so one stuck stop cannot eat the hook timeout and leak the rest.
      const bounded = (p: Promise<unknown>) => Promise.race([p.catch(() => undefined), new Promise((r) => setTimeout(r, 10_000))]);
      for (const r of runners.values()) await bounded(r.stop());
      await bounded(gateway.stop());
      await nats.stop();
      for (const d of temps) rmSync(d, { recursive: true, force: true });
    },
  };
  try {
    for (const id of opts.runners ?? []) await h.startRunner(id);
  } catch (err) {
    // A failed start must not leave nats-server or temp dirs behind (afterAll has no handle yet).
    await h.stop();
    throw err;
  }
  return h;
}
