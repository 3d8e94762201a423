import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startService, type RunningService } from '@flywheel/kit';
import { freePort, startNats, type TestNats } from '@flywheel/kit/testing';
import { GatewayDefinition } from '@flywheel/gateway-api';
import { HubDefinition } from '@flywheel/ws-hub';

const ADMIN_KEY = 'wsab-admin-key-0123456789abcdef';

/** Writes a `/ws` upgrade with a bad token, then drops the connection, after `delay` ticks (0 = at once). */
function abortedUpgrade(port: number, delay: number): Promise<void> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1', () => {
      s.write(
        `GET /ws?token=fwt_bad${delay} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
      );
      let ticks = delay;
      const drop = () => (ticks-- > 0 ? setImmediate(drop) : s.destroy());
      drop();
    });
    s.on('error', () => undefined);
    s.on('close', () => resolve());
  });
}

describe('WebSocket upgrades a client aborts mid-handshake', () => {
  let nats: TestNats;
  let dataDir: string;
  let gw: { stop(): Promise<void> };
  let hub: RunningService;
  let port: number;

  beforeAll(async () => {
    nats = await startNats();
    dataDir = mkdtempSync(join(tmpdir(), 'fw-e2e-wsabort-'));
    const hubPort = await freePort();
    const env = {
      NATS_URL: nats.url,
      DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
      FLYWHEEL_ADMIN_KEY: ADMIN_KEY,
      WS_HUB_PORT: String(hubPort),
      WS_HUB_URL: `http://127.0.0.1:${hubPort}`,
      PORT: '0',
    };
    hub = await startService(HubDefinition, env);
    const started = await startService(GatewayDefinition, env);
    gw = started;
    port = started.instance.port;
  });

  afterAll(async () => {
    await gw?.stop();
    await hub?.stop();
    await nats?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('sixty in a row leave the gateway up, answering /health and real upgrades', async () => {
    for (let i = 0; i < 60; i++) await abortedUpgrade(port, i % 6);
    expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);
    const { token } = await (
      await fetch(`http://127.0.0.1:${port}/api/v1/ws/token`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN_KEY}` } })
    ).json();
    const ws = new WebSocket(`ws://127.0.0.1:${port}/ws?token=${token}`);
    await new Promise((resolve, reject) => (ws.once('open', resolve), ws.once('error', reject)));
    ws.close();
  });

  it('a bad token that waits for its answer still gets the hub’s 401', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/ws?token=fwt_bad`);
    const status = await new Promise<number>((resolve) => ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0)));
    expect(status).toBe(401);
  });
});
