import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { headers } from '@nats-io/transport-node';
import { jetstreamIn, publishMany, startStack, TestClient, type Stack } from '../support/index.ts';

let s: Stack;
let hub: { port: number };
let adminKey: string;
let viewerA: string;

const state = (agentId: string, accountId: string) =>
  JSON.stringify({ agentId, accountId, seq: 0, ts: new Date().toISOString(), type: 'state', to: 'spawning' });

beforeAll(async () => {
  s = await startStack({ services: ['gateway-api', 'ws-hub'] });
  adminKey = s.adminKey;
  viewerA = await s.key('viewer', 'acct-a');
  const js = jetstreamIn(s.nc);
  await s.stopService('ws-hub'); // the streams exist before the state events; the hub learns old-b's owner at boot
  await js.publish('agent.state.old-b', state('old-b', 'acct-b'));
  await s.restart('ws-hub');
  hub = { port: s.port('ws-hub') };
  await js.publish('agent.state.own-a', state('own-a', 'acct-a'));
  await js.publish('agent.state.new-b', state('new-b', 'acct-b'));
  // Once an admin sees new-b's state event, the hub has learnt its owner.
  const admin = await TestClient.connect(hub.port, adminKey);
  await admin.subscribe(['agent:state:new-b'], 'v1');
  await admin.close();
});

afterAll(async () => {
  await s?.stop();
});

describe('ws-hub authentication and authorisation', () => {
  it('refuses an upgrade without a credential with 401', async () => {
    await expect(TestClient.connect(hub.port)).rejects.toMatchObject({ status: 401 });
  });

  it('refuses an unknown credential with 401, by header or ?token=', async () => {
    await expect(TestClient.connect(hub.port, 'nope')).rejects.toMatchObject({ status: 401 });
    await expect(TestClient.connect(hub.port, undefined, '?token=nope')).rejects.toMatchObject({ status: 401 });
    const ok = await TestClient.connect(hub.port, undefined, `?token=${encodeURIComponent(viewerA)}`);
    await ok.close();
  });

  it('answers FORBIDDEN when a viewer subscribes to another account’s agent, learnt live or at boot', async () => {
    const c = await TestClient.connect(hub.port, viewerA);
    await c.subscribe(['agent:state:own-a']);
    for (const ch of ['agent:output:new-b', 'agent:output:old-b']) {
      const from = c.frames.length;
      c.send({ type: 'subscribe', channels: [ch] });
      const f = await c.next((x) => x.type === 'error', from);
      expect(f.type === 'error' && f.error.code).toBe('FORBIDDEN');
    }
    expect(c.closeCode).toBeUndefined();
    await c.close();
  });

  it('filters a viewer’s wildcard to its own agents while an admin sees all', async () => {
    const viewer = await TestClient.connect(hub.port, viewerA);
    const admin = await TestClient.connect(hub.port, adminKey);
    await viewer.subscribe(['agent:output:*']);
    await admin.subscribe(['agent:output:*']);
    await publishMany(s.nc, 'agent.output.new-b', 2);
    await publishMany(s.nc, 'agent.output.own-a', 2);
    await admin.until(() => admin.events().length === 4, 10_000, 'admin sees four');
    await viewer.until(() => viewer.events().length === 2, 10_000, 'viewer sees two');
    expect(viewer.events().map((e) => e.channel)).toEqual(['agent:output:own-a', 'agent:output:own-a']);
    await viewer.close();
    await admin.close();
  });

  it('learns ownership from the x-account-id header the runner publishes with', async () => {
    const viewer = await TestClient.connect(hub.port, viewerA);
    await viewer.subscribe(['agent:output:*']);
    const h = headers();
    h.set('x-account-id', 'acct-a');
    await jetstreamIn(s.nc).publish('agent.output.hdr-a', JSON.stringify({ i: 1 }), { headers: h });
    const other = headers();
    other.set('x-account-id', 'acct-b');
    await jetstreamIn(s.nc).publish('agent.output.hdr-b', JSON.stringify({ i: 2 }), { headers: other });
    await jetstreamIn(s.nc).publish('agent.output.hdr-a', JSON.stringify({ i: 3 }), { headers: h });
    await viewer.until(() => viewer.events().length === 2, 10_000, 'own events');
    expect(viewer.events().map((e) => (e.data as { i: number }).i)).toEqual([1, 3]);
    await viewer.close();
  });
});
