import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DcgEvent } from '@flywheel/contracts';
import { startService, type RunningService } from '@flywheel/kit';
import { freePort, waitFor } from '@flywheel/kit/testing';
import { HubDefinition } from '../../ws-hub/src/service.ts';
import { connectDcgLive } from '../../../web/src/stores/safety-live.ts';
import type { WebSocketCtor } from '../../../web/src/lib/ws-client.ts';
import { startStack, type Stack } from './helpers/stack.ts';

const ADMIN = 'fwk_safety-ws-admin-0123456789';

describe('system:dcg reaches the dashboard over WS (real ws-hub, gateway token flow, the dashboard client)', () => {
  let s: Stack;
  let hub: RunningService;
  let gatewayOrigin: string;
  beforeAll(async () => {
    const hubPort = await freePort();
    s = await startStack({ gatewayEnv: { WS_HUB_URL: `http://127.0.0.1:${hubPort}`, FLYWHEEL_ADMIN_KEY: ADMIN } });
    hub = await startService(HubDefinition, { NATS_URL: s.nats.url, DATA_DIR: s.tmp('fw-hub-'), LOG_LEVEL: 'silent', WS_HUB_PORT: String(hubPort) });
    gatewayOrigin = s.api.replace(/\/api\/v1$/, '');
  });
  afterAll(async () => {
    await hub?.stop();
    await s?.stop();
  });

  it('a denied command shows up as a pending exception on the dashboard\'s live connection', async () => {
    let changes = 0;
    let status = '';
    const client = connectDcgLive({ apiKey: ADMIN, origin: gatewayOrigin, WebSocket: WebSocket as unknown as WebSocketCtor, onChange: () => changes++, onStatus: (st) => (status = st) });
    try {
      await waitFor(() => status === 'open' && client.cursor !== undefined, { what: 'subscribed to system:dcg' });
      const denied = await s.http('POST', '/dcg/check', { command: 'git reset --hard', agentId: 'ws-1' });
      expect(denied.body.decision).toBe('deny');
      await waitFor(() => changes > 0, { what: 'exception event over WS' });
    } finally {
      client.stop();
    }
    expect(DcgEvent.safeParse({ type: 'decision', decision: (await s.http('GET', '/dcg/decisions?agentId=ws-1')).body.items[0] }).success).toBe(true);
  });
});
