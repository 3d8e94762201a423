import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentStateEvent, coordRpcs, ErrorBody } from '@flywheel/contracts';
import { connectNats, DurablePublisher, request, startService, type NatsConnection, type RunningService } from '@flywheel/kit';
import { startNats, testLogger, waitFor, type TestNats } from '@flywheel/kit/testing';
import { GatewayDefinition } from '@flywheel/gateway-api';
import { CoordinationDefinition } from '@flywheel/coordination';

const ADMIN = 'e2e-coord-bad-admin-0123456789ab';
const P = 'prj_badinput00000000';

interface Probe {
  name: string;
  method: string;
  path: string;
  json?: unknown;
  raw?: string;
  field?: RegExp;
}

describe('coordination routes: bad input is a 400 in the error envelope and stores nothing', () => {
  let nats: TestNats;
  let nc: NatsConnection;
  let dirs: string[];
  let gw: RunningService;
  let coord: RunningService;
  let base: string;
  let viewer: string;

  const http = async (method: string, path: string, o: { json?: unknown; raw?: string; key?: string | null } = {}) => {
    const body = o.raw ?? (o.json === undefined ? undefined : JSON.stringify(o.json));
    const res = await fetch(`${base}${path}`, {
      method,
      body,
      headers: {
        ...(o.key === null ? {} : { authorization: `Bearer ${o.key ?? ADMIN}` }),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };

  beforeAll(async () => {
    nats = await startNats();
    dirs = [mkdtempSync(join(tmpdir(), 'fw-cbad-gw-')), mkdtempSync(join(tmpdir(), 'fw-cbad-co-'))];
    coord = await startService(CoordinationDefinition, { NATS_URL: nats.url, DATA_DIR: dirs[1], LOG_LEVEL: 'silent', UNMERGED_SCAN_MS: '0' });
    gw = await startService(GatewayDefinition, { NATS_URL: nats.url, DATA_DIR: dirs[0], PORT: '0', LOG_LEVEL: 'silent', FLYWHEEL_ADMIN_KEY: ADMIN });
    base = `http://127.0.0.1:${(gw.instance as unknown as { port: number }).port}`;
    nc = await connectNats({ url: nats.url, name: 'coord-bad', logger: testLogger() });
    const durable = new DurablePublisher(nc, { logger: testLogger() });
    // One lone agent: a message to "all" reaches nobody.
    await durable.publish(
      agentStateEvent,
      ['bad-a'],
      { type: 'state', agentId: 'bad-a', seq: 1, ts: new Date().toISOString(), to: 'ready', projectId: P, treeRoot: '/bad' },
      'bad-a:1',
    );
    await durable.close();
    await waitFor(async () => (await request(nc, coordRpcs.agents, { projectId: P })).items.length === 1, { what: 'agent known' });
    viewer = (await http('POST', '/api/v1/keys', { json: { accountId: 'default', role: 'viewer' } })).body.key;
  });
  afterAll(async () => {
    await gw?.stop();
    await coord?.stop();
    await nc?.drain();
    await nats?.stop();
    for (const d of dirs ?? []) rmSync(d, { recursive: true, force: true });
  });

  const reserve = (extra: Record<string, unknown>) => ({ agentId: 'bad-a', patterns: ['src/**'], ...extra });
  const probes: Probe[] = [
    { name: 'empty patterns', method: 'POST', path: '/api/v1/reservations', json: reserve({ patterns: [] }), field: /patterns/ },
    { name: 'an empty pattern', method: 'POST', path: '/api/v1/reservations', json: reserve({ patterns: [''] }), field: /patterns/ },
    { name: 'a pattern of only slashes', method: 'POST', path: '/api/v1/reservations', json: reserve({ patterns: ['./'] }), field: /names no path/ },
    {
      name: 'a pattern climbing out with ..',
      method: 'POST',
      path: '/api/v1/reservations',
      json: reserve({ patterns: ['src/../../etc/passwd'] }),
      field: /'\.\.'/,
    },
    { name: 'a brace that expands to ..', method: 'POST', path: '/api/v1/reservations', json: reserve({ patterns: ['src/{..,a}/x'] }), field: /'\.\.'/ },
    { name: 'a TTL below range', method: 'POST', path: '/api/v1/reservations', json: reserve({ ttlSeconds: 5 }), field: /ttlSeconds/ },
    { name: 'a TTL above range', method: 'POST', path: '/api/v1/reservations', json: reserve({ ttlSeconds: 86_401 }), field: /ttlSeconds/ },
    { name: 'a fractional TTL', method: 'POST', path: '/api/v1/reservations', json: reserve({ ttlSeconds: 1.5 }), field: /ttlSeconds/ },
    { name: 'an unknown mode', method: 'POST', path: '/api/v1/reservations', json: reserve({ mode: 'mine' }), field: /mode/ },
    { name: 'an unknown agent', method: 'POST', path: '/api/v1/reservations', json: reserve({ agentId: 'nobody' }), field: /unknown agent nobody/ },
    { name: 'a bad agent id', method: 'POST', path: '/api/v1/reservations', json: reserve({ agentId: 'a b' }), field: /agentId/ },
    { name: 'an unknown field', method: 'POST', path: '/api/v1/reservations', json: reserve({ holder: 'x' }), field: /holder/ },
    { name: 'malformed JSON', method: 'POST', path: '/api/v1/reservations', raw: '{"agentId":' },
    { name: 'a message to nobody (empty to)', method: 'POST', path: '/api/v1/messages', json: { from: 'bad-a', to: [], subject: 's' }, field: /to/ },
    {
      name: 'a message to all with no one else there',
      method: 'POST',
      path: '/api/v1/messages',
      json: { from: 'bad-a', to: 'all', subject: 's' },
      field: /nobody/,
    },
    {
      name: 'a message to an unknown agent',
      method: 'POST',
      path: '/api/v1/messages',
      json: { from: 'bad-a', to: ['ghost'], subject: 's' },
      field: /unknown agent ghost/,
    },
    {
      name: 'a message from an unknown agent',
      method: 'POST',
      path: '/api/v1/messages',
      json: { from: 'ghost', to: ['bad-a'], subject: 's' },
      field: /unknown agent ghost/,
    },
    { name: 'a message without a subject', method: 'POST', path: '/api/v1/messages', json: { from: 'bad-a', to: ['bad-a'], subject: '' }, field: /subject/ },
    {
      name: 'a handoff to an unknown agent',
      method: 'POST',
      path: '/api/v1/handoffs',
      json: { fromAgentId: 'bad-a', toAgentId: 'ghost', context: { goal: 'g', status: 'partial' } },
      field: /unknown agent ghost/,
    },
    {
      name: 'a handoff to itself',
      method: 'POST',
      path: '/api/v1/handoffs',
      json: { fromAgentId: 'bad-a', toAgentId: 'bad-a', context: { goal: 'g', status: 'partial' } },
      field: /itself/,
    },
    {
      name: 'a handoff without a goal',
      method: 'POST',
      path: '/api/v1/handoffs',
      json: { fromAgentId: 'bad-a', toAgentId: 'bad-a', context: { status: 'partial' } },
      field: /goal/,
    },
    {
      name: 'a handoff with both toAgentId and spawn',
      method: 'POST',
      path: '/api/v1/handoffs',
      json: { fromAgentId: 'bad-a', toAgentId: 'bad-b', spawn: { driver: 'sdk' }, context: { goal: 'g', status: 'partial' } },
      field: /exactly one of toAgentId/,
    },
    {
      name: 'a handoff with neither toAgentId nor spawn',
      method: 'POST',
      path: '/api/v1/handoffs',
      json: { fromAgentId: 'bad-a', context: { goal: 'g', status: 'partial' } },
      field: /exactly one of toAgentId/,
    },
    {
      name: 'a handoff spawning with an unknown driver',
      method: 'POST',
      path: '/api/v1/handoffs',
      json: { fromAgentId: 'bad-a', spawn: { driver: 'robot' }, context: { goal: 'g', status: 'partial' } },
      field: /driver/,
    },
    { name: 'a renewal with a TTL out of range', method: 'POST', path: '/api/v1/reservations/rsv_x/renew', json: { ttlSeconds: 0 }, field: /ttlSeconds/ },
    {
      name: 'settings with an unknown grant mode',
      method: 'PUT',
      path: `/api/v1/projects/${P}/coordination`,
      json: { grantMode: 'lenient' },
      field: /grantMode/,
    },
    { name: 'a list with a bad status', method: 'GET', path: '/api/v1/reservations?status=maybe', field: /status/ },
    { name: 'an inbox with a bad unreadOnly', method: 'GET', path: '/api/v1/messages?unreadOnly=yes', field: /unreadOnly/ },
  ];

  it.each(probes)('$name → 400 naming the problem', async (p) => {
    const r = await http(p.method, p.path, { json: p.json, raw: p.raw });
    expect(r.status, JSON.stringify(r.body)).toBe(400);
    expect(Object.keys(r.body)).toEqual(['error']);
    const error = ErrorBody.parse(r.body.error);
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.requestId).toEqual(expect.any(String));
    if (p.field) expect(error.message).toMatch(p.field);
  });

  it('nothing was stored by any of them', async () => {
    expect((await http('GET', '/api/v1/reservations?status=any')).body.items).toEqual([]);
    expect((await http('GET', '/api/v1/messages')).body.items).toEqual([]);
    expect((await http('GET', '/api/v1/handoffs')).body.items).toEqual([]);
    expect((await http('GET', `/api/v1/projects/${P}/coordination`)).body).toMatchObject({ grantMode: 'strict', defaultTtlSeconds: 3600 });
  });

  it('roles come first: no key is 401, a viewer may read but not reserve, whatever the body', async () => {
    expect((await http('POST', '/api/v1/reservations', { json: reserve({}), key: null })).status).toBe(401);
    expect((await http('POST', '/api/v1/reservations', { json: { nonsense: true }, key: viewer })).status).toBe(403);
    expect((await http('PUT', `/api/v1/projects/${P}/coordination`, { json: { grantMode: 'advisory' }, key: viewer })).status).toBe(403);
    expect((await http('GET', '/api/v1/reservations', { key: viewer })).status).toBe(200);
  });

  it('unknown ids are 404', async () => {
    for (const [method, path] of [
      ['GET', '/api/v1/reservations/rsv_none'],
      ['DELETE', '/api/v1/reservations/rsv_none'],
      ['GET', '/api/v1/messages/msg_none'],
      ['GET', '/api/v1/conflicts/cfl_none'],
      ['POST', '/api/v1/handoffs/hof_none/accept'],
    ]) {
      const r = await http(method, path, method === 'POST' ? { json: {} } : {});
      expect(r.status, `${method} ${path}`).toBe(404);
      expect(r.body.error.code).toBe('NOT_FOUND');
    }
  });
});
