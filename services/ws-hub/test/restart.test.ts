import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startNats, waitForPort, type TestNats } from '@flywheel/kit/testing';
import { startGateway, publishMany, TestClient } from './helpers.ts';

const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));

let nats: TestNats;
let gw: Awaited<ReturnType<typeof startGateway>>;
let port: number;
let dataDir: string;
let child: ChildProcess | undefined;

async function launch(): Promise<void> {
  child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    env: { ...process.env, NATS_URL: nats.url, DATA_DIR: dataDir, WS_HUB_PORT: String(port), LOG_LEVEL: 'silent', FLYWHEEL_SUPERVISED: '1' },
    stdio: 'ignore',
  });
  await waitForPort(port, 20_000);
}

async function kill9(): Promise<void> {
  const p = child!;
  if (p.exitCode !== null || p.signalCode) return;
  await new Promise<void>((r) => (p.once('exit', () => r()), p.kill('SIGKILL')));
}

beforeAll(async () => {
  nats = await startNats();
  gw = await startGateway(nats.url);
  port = await freePort();
  dataDir = mkdtempSync(join(tmpdir(), 'fw-hub-restart-'));
  await launch();
});

afterAll(async () => {
  if (child) await kill9();
  await gw?.stop();
  await nats?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('ws-hub after kill -9', () => {
  it('replays exactly the 1,000 events missed across a hard restart, then live', async () => {
    const c1 = await TestClient.connect(port, 'admin-key');
    await c1.subscribe(['agent:output:*']);
    await publishMany(gw.nc, 'agent.output.k1', 5);
    await c1.until(() => c1.events().length === 5, 10_000, 'live events');
    const cursor = c1.events()[4].cursor;
    await kill9();
    await c1.until(() => c1.closeCode, 5000, 'socket closed by the dead hub');
    await publishMany(gw.nc, 'agent.output.k1', 1000, 5);
    await launch();
    const c2 = await TestClient.connect(port, 'admin-key');
    const sub = await c2.subscribe(['agent:output:*'], cursor);
    expect(sub.replayed).toBe(1000);
    await publishMany(gw.nc, 'agent.output.k1', 3, 1005);
    await c2.until(() => c2.events().length === 1003, 10_000, 'live after replay');
    const got = c2.events().map((e) => (e.data as { i: number }).i);
    expect(got).toEqual(Array.from({ length: 1003 }, (_, k) => 5 + k));
    await c2.close();
  });
});
