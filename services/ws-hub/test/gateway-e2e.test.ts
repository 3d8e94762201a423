import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WsToken } from '@flywheel/contracts';
import { startService, type RunningService } from '@flywheel/kit';
import { freePort, startNats, type TestNats } from '@flywheel/kit/testing';
import { GatewayDefinition } from '../../gateway-api/src/service.ts';
import { publishMany, startHub, TestClient, type TestHub } from './helpers.ts';

const ADMIN = 'fwk_e2e-admin-key-0123456789';

let nats: TestNats;
let hub: TestHub;
let gw: RunningService;
let gwPort: number;
let dataDir: string;

beforeAll(async () => {
  nats = await startNats();
  hub = await startHub(nats.url);
  gwPort = await freePort();
  dataDir = mkdtempSync(join(tmpdir(), 'fw-gw-e2e-'));
  gw = await startService(GatewayDefinition, {
    NATS_URL: nats.url,
    DATA_DIR: dataDir,
    PORT: String(gwPort),
    HOST: '127.0.0.1',
    WS_HUB_URL: `http://127.0.0.1:${hub.port}`,
    FLYWHEEL_ADMIN_KEY: ADMIN,
    LOG_LEVEL: 'silent',
  });
});

afterAll(async () => {
  await gw?.stop();
  await hub?.stop();
  await nats?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('dashboard path: API key → ws token → /ws through the gateway', () => {
  it('streams events to a client holding a token from POST /api/v1/ws/token', async () => {
    const res = await fetch(`http://127.0.0.1:${gwPort}/api/v1/ws/token`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN}` } });
    const { token } = WsToken.parse(await res.json());
    const c = await TestClient.connect(gwPort, undefined, `?token=${encodeURIComponent(token)}`);
    await c.subscribe(['system:alerts']);
    await publishMany(gw.deps.nc, 'system.alerts', 2);
    await c.until(() => c.events().length === 2, 10_000, 'two alerts');
    expect(c.events().map((e) => e.channel)).toEqual(['system:alerts', 'system:alerts']);
    await c.close();
  });

  it('passes the hub’s 401 through the gateway when there is no credential', async () => {
    await expect(TestClient.connect(gwPort)).rejects.toMatchObject({ status: 401 });
  });
});
