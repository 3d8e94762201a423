import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startNats, type TestNats } from '@flywheel/kit/testing';
import { alive, pidsOf, runStart, waitHealth, type Started } from './supervisor.ts';

const allOk = (h: { status: string }) => h.status === 'ok';

describe('npm start', () => {
  let nats: TestNats;
  let dataDir: string;
  let base: string;
  let started: Started;

  beforeAll(async () => {
    nats = await startNats();
    dataDir = mkdtempSync(join(tmpdir(), 'fw-start-'));
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    started = runStart({ NATS_URL: nats.url, DATA_DIR: dataDir, PORT: String(port), WS_HUB_PORT: String(await freePort()) });
  });

  afterAll(async () => {
    if (started.proc.exitCode === null) started.proc.kill('SIGKILL');
    for (const pid of Object.values(pidsOf(dataDir))) if (alive(pid)) process.kill(pid, 'SIGKILL');
    await nats.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('brings all six services up ok', async () => {
    const h = await waitHealth(base, allOk, 90_000, 'all six ok');
    expect(Object.keys(h.services)).toHaveLength(6);
    expect((await fetch(`${base}/`)).status).toBe(200);
  }, 100_000);

  it('after kill -9 of one service shows it unavailable, then restarts it with backoff', async () => {
    const before = pidsOf(dataDir);
    process.kill(before.cost, 'SIGKILL');
    const degraded = await waitHealth(base, (h) => h.services.cost.status === 'unavailable', 30_000, 'cost unavailable');
    expect(degraded.status).toBe('degraded');
    await waitHealth(base, allOk, 60_000, 'cost back');
    expect(pidsOf(dataDir).cost).not.toBe(before.cost);
  }, 100_000);

  it('survives a NATS restart: every service reconnects and none exits', async () => {
    const before = pidsOf(dataDir);
    await nats.kill();
    await nats.restart();
    await waitHealth(base, allOk, 60_000, 'ok after broker restart');
    expect(pidsOf(dataDir)).toEqual(before);
    for (const pid of Object.values(before)) expect(alive(pid)).toBe(true);
  }, 100_000);

  it('stops every service on SIGINT and leaves no process behind', async () => {
    const pids = Object.values(pidsOf(dataDir));
    started.proc.kill('SIGINT');
    expect(await started.exited).toBe(0);
    for (const pid of pids) expect(alive(pid)).toBe(false);
  });
});

describe('npm start without a broker', () => {
  it('starts its own JetStream nats-server under DATA_DIR/nats when one is on PATH', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'fw-ownnats-'));
    const port = await freePort();
    const s = runStart({ NATS_URL: `nats://127.0.0.1:${await freePort()}`, DATA_DIR: dataDir, PORT: String(port), WS_HUB_PORT: String(await freePort()) });
    try {
      await waitHealth(`http://127.0.0.1:${port}`, allOk, 90_000, 'ok on own nats');
      expect(existsSync(join(dataDir, 'nats', 'jetstream'))).toBe(true);
    } finally {
      s.proc.kill('SIGTERM');
      await s.exited;
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 100_000);

  it('exits 1 with install instructions when nats-server is not on PATH', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'fw-nonats-'));
    const s = runStart({ NATS_URL: `nats://127.0.0.1:${await freePort()}`, PATH: dirname(process.execPath), DATA_DIR: dataDir });
    expect(await s.exited).toBe(1);
    rmSync(dataDir, { recursive: true, force: true });
    expect(s.stderr()).toContain('apt-get install nats-server');
    expect(s.stderr()).toContain('brew install nats-server');
    expect(s.stderr()).toContain('docker compose up');
  });
});

describe('npm start with a bad setting', () => {
  it('PORT=abc exits 1 naming PORT', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'fw-badport-'));
    const s = runStart({ PORT: 'abc', DATA_DIR: dataDir });
    expect(await s.exited).toBe(1);
    rmSync(dataDir, { recursive: true, force: true });
    expect(s.stderr()).toMatch(/PORT="abc"/);
  });
});
