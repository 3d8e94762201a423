import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jetstreamManager } from '@nats-io/jetstream';
import { guardRpc, type Alert, type Delivery } from '@flywheel/contracts';
import { request, wireStream, type NatsConnection } from '@flywheel/kit';
import { waitFor } from '@flywheel/kit/testing';
import { startStack, TestClient, type Stack } from '../support/index.ts';

/** What a receiver of our webhooks checks (docs/operations.md): `v1=` + hex HMAC-SHA256 of `<unix s>.<body>`, recent. */
function verifyWebhook(secret: string, h: { signature: string; timestamp: string }, body: string, nowS: number): boolean {
  const ts = Number(h.timestamp);
  if (!Number.isInteger(ts) || Math.abs(nowS - ts) > 300) return false;
  const want = Buffer.from(`v1=${createHmac('sha256', secret).update(`${ts}.${body}`).digest('hex')}`);
  const got = Buffer.from(h.signature);
  return want.length === got.length && timingSafeEqual(want, got);
}

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A local receiver on 127.0.0.1: /hook answers 200, /flaky 500 once then 200, /moved redirects to /stolen. */
async function startReceiver(): Promise<{ url: string; host: string; got: Received[]; close(): Promise<void> }> {
  const got: Received[] = [];
  let flaky = 0;
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      got.push({ path: req.url ?? '', headers: req.headers, body });
      if (req.url === '/moved') return void res.writeHead(302, { location: '/stolen' }).end();
      if (req.url === '/flaky' && flaky++ === 0) return void res.writeHead(500).end();
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url: `http://${host}`, host, got, close: () => new Promise((r) => server.close(() => r())) };
}

describe('a blocked command waiting for approval reaches a person within seconds', () => {
  let stack: Stack;
  let nc: NatsConnection;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let hub: TestClient;
  let api: (method: string, path: string, body?: unknown) => Promise<{ status: number; body: any }>;

  beforeAll(async () => {
    receiver = await startReceiver();
    stack = await startStack({
      services: [
        'ws-hub',
        { name: 'safety', env: { COORDINATION_CHECK: 'off' } },
        {
          name: 'gateway-api',
          env: { NOTIFY_ALLOWED_HOSTS: receiver.host, NOTIFY_BACKOFF_MS: '100', NOTIFY_TIMEOUT_MS: '2000', OPS_LEASE_MS: '900' },
        },
      ],
    });
    const ADMIN_KEY = stack.adminKey;
    nc = stack.nc;
    api = async (method, path, body) => {
      const res = await fetch(`${stack.url}/api/v1${path}`, {
        method,
        headers: { authorization: `Bearer ${ADMIN_KEY}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : undefined };
    };
    hub = await TestClient.connect(stack.port('ws-hub'), ADMIN_KEY);
    await hub.subscribe(['user:notifications:admin', 'system:alerts']);
    // The leader's guard consumer starts at the next event: wait until it exists.
    const jsm = await jetstreamManager(nc);
    await waitFor(() => jsm.consumers.info(wireStream(nc, 'SYSTEM_DCG'), 'gateway-alerts-dcg').catch(() => undefined), { what: 'the alert rules to run' });
  }, 60_000);

  afterAll(async () => {
    await hub?.close();
    await stack?.stop();
    await receiver?.close();
  }, 30_000);

  it('posts a signed webhook, tells the dashboard, retries a failing endpoint, never follows a redirect, and records every delivery', async () => {
    const made = async (kind: string, path: string) => {
      const r = await api('POST', '/notifications/endpoints', { kind, url: `${receiver.url}${path}`, name: path.slice(1) });
      expect(r.status).toBe(201);
      return r.body;
    };
    const hook = await made('webhook', '/hook');
    expect(hook.secret).toMatch(/^whsec_/);
    expect((await api('GET', '/notifications/endpoints')).body.items.find((e: { id: string }) => e.id === hook.id).secret).toBeUndefined();
    const flaky = await made('webhook', '/flaky');
    const moved = await made('webhook', '/moved');
    await made('slack', '/slack');
    await made('ntfy', '/ntfy');
    expect((await api('POST', '/notifications/endpoints', { kind: 'webhook', url: 'http://169.254.169.254/latest' })).status).toBe(400);

    const verdict = await request(nc, guardRpc, {
      agentId: 'agt-e2e',
      tool: 'Bash',
      input: { command: 'git reset --hard HEAD~3' },
      wait: false,
      source: 'hook',
    });
    expect(verdict).toMatchObject({ decision: 'deny', shortCode: expect.any(String) });

    const post = await waitFor(() => receiver.got.find((r) => r.path === '/hook'), { timeoutMs: 5000, what: 'the webhook POST' });
    expect(post.headers['content-type']).toBe('application/json');
    const signed = { signature: String(post.headers['x-flywheel-signature']), timestamp: String(post.headers['x-flywheel-timestamp']) };
    expect(verifyWebhook(hook.secret, signed, post.body, Math.floor(Date.now() / 1000))).toBe(true);
    expect(verifyWebhook('whsec_wrong', signed, post.body, Math.floor(Date.now() / 1000))).toBe(false);
    const { alert, deliveryId } = JSON.parse(post.body) as { alert: Alert; deliveryId: string };
    expect(alert).toMatchObject({
      rule: 'approval_waiting',
      status: 'open',
      subject: { kind: 'exception' },
      details: { shortCode: verdict.shortCode, agentId: 'agt-e2e' },
    });
    expect(alert.title).toContain('git reset --hard');

    const note = await hub.until(() => hub.events().find((e) => e.channel === 'user:notifications:admin'), 5000, 'the in-app notification');
    expect(note.data).toMatchObject({ kind: 'alert', alertId: alert.id, rule: 'approval_waiting' });
    await hub.until(
      () => hub.events().find((e) => e.channel === 'system:alerts' && (e.data as { alert?: Alert }).alert?.id === alert.id),
      5000,
      'the alert on system:alerts',
    );

    const slack = await waitFor(() => receiver.got.find((r) => r.path === '/slack'), { what: 'the Slack message' });
    expect(JSON.parse(slack.body)).toEqual({ text: expect.stringContaining('approval_waiting') });
    const ntfy = await waitFor(() => receiver.got.find((r) => r.path === '/ntfy'), { what: 'the ntfy push' });
    expect(ntfy.headers.title).toBe('Flywheel warning: approval_waiting');

    const byEndpoint = async () => {
      const items = (await api('GET', `/notifications/deliveries?alertId=${alert.id}`)).body.items as Delivery[];
      return new Map(items.map((x) => [x.endpointId ?? x.channel, x]));
    };
    const settled = await waitFor(
      async () => {
        const m = await byEndpoint();
        return m.get(flaky.id)?.status === 'delivered' && m.get(moved.id)?.status === 'failed' ? m : undefined;
      },
      { what: 'the retry and the refusal' },
    );
    expect(settled.get(hook.id)).toMatchObject({ id: deliveryId, status: 'delivered', attempts: 1, lastStatus: 200, channel: 'webhook' });
    expect(settled.get('in_app')).toMatchObject({ status: 'delivered', accountId: 'admin' });
    expect(settled.get(flaky.id)).toMatchObject({ attempts: 2, lastStatus: 200 });
    expect(settled.get(moved.id)).toMatchObject({ attempts: 1, lastStatus: 302, lastError: 'redirect 302 not followed' });
    expect(receiver.got.some((r) => r.path === '/stolen')).toBe(false);

    const approved = await api('POST', `/dcg/exceptions/${verdict.shortCode}/approve`, { grant: 'once' });
    expect(approved.status).toBe(200);
    await waitFor(async () => (await api('GET', `/alerts/${alert.id}`)).body.status === 'resolved', { what: 'the alert resolved by the approval' });
  });
});
