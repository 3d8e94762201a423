import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DcgEvent } from '@flywheel/contracts';
import { waitFor } from '@flywheel/kit/testing';
import { connectDcgLive } from '@flywheel/web/safety-live';
import type { WebSocketCtor } from '@flywheel/web/ws-client';
import { startStack, type Stack } from '../support/index.ts';

describe('system:dcg reaches the dashboard over WS (real ws-hub, gateway token flow, the dashboard client)', () => {
  let s: Stack;
  let gatewayOrigin: string;
  let viewerKey: string;
  beforeAll(async () => {
    s = await startStack({ services: ['safety', 'gateway-api', 'ws-hub'] });
    gatewayOrigin = s.url;
    viewerKey = await s.key('viewer');
  });
  afterAll(async () => {
    await s?.stop();
  });

  it("a denied command shows up as a pending exception on the dashboard's live connection", async () => {
    let changes = 0;
    let status = '';
    const client = connectDcgLive({
      apiKey: viewerKey,
      origin: gatewayOrigin,
      WebSocket: WebSocket as unknown as WebSocketCtor,
      onChange: () => changes++,
      onStatus: (st) => (status = st),
    });
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
