import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jetstreamManager } from '@nats-io/jetstream';
import { agentStateEvent, type Delivery } from '@flywheel/contracts';
import { connectNats, DurablePublisher, wireStream, type NatsConnection } from '@flywheel/kit';
import { startNats, testLogger, waitFor, type TestNats } from '@flywheel/kit/testing';
import { startGateway, type TestGateway } from './ops-support.ts';

let nats: TestNats;
let nc: NatsConnection;
let pub: DurablePublisher;
let gw: TestGateway;
let receiver: Server;
let hookUrl: string;
let posts = 0;

const hhmm = (d: Date) => d.toISOString().slice(11, 16);

beforeAll(async () => {
  nats = await startNats();
  receiver = createServer((_req, res) => void (posts++, res.writeHead(200).end()));
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  gw = await startGateway(nats.url, { OPS_LEASE_MS: '900', NOTIFY_ALLOWED_HOSTS: '127.0.0.1' });
  nc = await connectNats({ url: nats.url, name: 'notify-test', logger: testLogger() });
  pub = new DurablePublisher(nc, { logger: testLogger() });
  const jsm = await jetstreamManager(nc);
  await waitFor(() => jsm.consumers.info(wireStream(nc, 'AGENT_STATE'), 'gateway-alerts-agents').catch(() => undefined), { what: 'the alert rules to run' });
});

afterAll(async () => {
  await pub?.close(1000);
  await nc?.close();
  await gw?.stop();
  await new Promise((r) => receiver?.close(r));
  await nats?.stop();
});

const keyFor = async (accountId: string, role: string) => (await gw.api('POST', '/api/v1/keys', { body: { accountId, role } })).body.key as string;

describe('notification preferences, endpoints and deliveries', () => {
  it("are an account's own: others (but admins) can neither read nor change them", async () => {
    const mine = await keyFor('acct-n', 'operator');
    const other = await keyFor('acct-x', 'operator');
    expect((await gw.api('GET', '/api/v1/notifications/preferences', { key: mine })).body).toEqual({
      inApp: { enabled: true, minSeverity: 'info' },
      quietHours: null,
    });
    const e = await gw.api('POST', '/api/v1/notifications/endpoints', { key: mine, body: { kind: 'slack', url: hookUrl } });
    expect(e.status).toBe(201);
    expect(e.body).toMatchObject({ accountId: 'acct-n', kind: 'slack', minSeverity: 'info' });
    expect(e.body.secret).toBeUndefined();
    expect((await gw.api('GET', '/api/v1/notifications/endpoints', { key: other })).body.items).toEqual([]);
    expect((await gw.api('GET', '/api/v1/notifications/endpoints?accountId=acct-n', { key: other })).status).toBe(403);
    expect((await gw.api('GET', '/api/v1/notifications/endpoints?accountId=acct-n')).body.items.map((x: { id: string }) => x.id)).toEqual([e.body.id]);
    expect((await gw.api('PUT', '/api/v1/notifications/preferences', { key: other, body: { accountId: 'acct-n', quietHours: null } })).status).toBe(403);
    expect((await gw.api('DELETE', `/api/v1/notifications/endpoints/${e.body.id}`, { key: other })).status).toBe(403);
    expect((await gw.api('DELETE', `/api/v1/notifications/endpoints/${e.body.id}`, { key: mine })).status).toBe(200);
    expect((await gw.api('POST', '/api/v1/notifications/endpoints', { key: mine, body: { kind: 'webhook', url: 'http://example.com/x' } })).status).toBe(400);
    expect(
      (await gw.api('PUT', '/api/v1/notifications/preferences', { key: mine, body: { quietHours: { timeZone: 'Mars/Olympus', from: '22:00', to: '07:00' } } }))
        .status,
    ).toBe(400);
  });

  it('hold endpoint deliveries back in quiet hours (recorded as suppressed) while the dashboard still hears', async () => {
    const mine = await keyFor('acct-q', 'operator');
    const now = new Date();
    const quietHours = {
      timeZone: 'UTC',
      from: hhmm(new Date(now.getTime() - 3_600_000)),
      to: hhmm(new Date(now.getTime() + 3_600_000)),
      allowCritical: false,
    };
    const prefs = await gw.api('PUT', '/api/v1/notifications/preferences', { key: mine, body: { quietHours } });
    expect(prefs.body.quietHours).toEqual({ ...quietHours, allowApprovals: true });
    const hook = (await gw.api('POST', '/api/v1/notifications/endpoints', { key: mine, body: { kind: 'webhook', url: hookUrl } })).body;
    await pub.publish(
      agentStateEvent,
      ['agt-q'],
      { type: 'state', agentId: 'agt-q', seq: 1, ts: now.toISOString(), from: 'executing', to: 'failed', accountId: 'acct-q' },
      'agt-q:1',
    );
    const items = await waitFor(
      async () => {
        const r = (await gw.api('GET', '/api/v1/notifications/deliveries', { key: mine })).body.items as Delivery[];
        return r.length === 2 && r.every((x) => x.status !== 'pending') ? r : undefined;
      },
      { what: 'both deliveries settled' },
    );
    const by = new Map(items.map((x) => [x.channel, x]));
    expect(by.get('webhook')).toMatchObject({ endpointId: hook.id, status: 'suppressed', attempts: 0, lastError: 'quiet hours', accountId: 'acct-q' });
    expect(by.get('in_app')).toMatchObject({ status: 'delivered', attempts: 1 });
    expect(posts).toBe(0);
    expect((await gw.api('GET', '/api/v1/notifications/deliveries', { key: await keyFor('acct-x', 'viewer') })).body.items).toEqual([]);
  });
});
