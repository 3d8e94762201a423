import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WsToken } from '@flywheel/contracts';
import { publishMany, startStack, TestClient, type Stack } from '../support/index.ts';

let s: Stack;
let gwPort: number;
let viewerKey: string;

beforeAll(async () => {
  s = await startStack({ services: ['ws-hub', 'gateway-api'] });
  gwPort = s.port('gateway-api');
  viewerKey = await s.key('viewer');
});

afterAll(async () => {
  await s?.stop();
});

describe('dashboard path: API key → ws token → /ws through the gateway', () => {
  it('streams events to a client holding a token from POST /api/v1/ws/token', async () => {
    const res = await fetch(`http://127.0.0.1:${gwPort}/api/v1/ws/token`, { method: 'POST', headers: { authorization: `Bearer ${viewerKey}` } });
    const { token } = WsToken.parse(await res.json());
    const c = await TestClient.connect(gwPort, undefined, `?token=${encodeURIComponent(token)}`);
    await c.subscribe(['system:alerts']);
    await publishMany(s.nc, 'system.alerts', 2);
    await c.until(() => c.events().length === 2, 10_000, 'two alerts');
    expect(c.events().map((e) => e.channel)).toEqual(['system:alerts', 'system:alerts']);
    await c.close();
  });

  it('passes the hub’s 401 through the gateway when there is no credential', async () => {
    await expect(TestClient.connect(gwPort)).rejects.toMatchObject({ status: 401 });
  });
});
