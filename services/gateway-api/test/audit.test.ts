import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNats, waitFor, type TestNats } from '@flywheel/kit/testing';
import { startGateway, type TestGateway } from './ops-support.ts';

let nats: TestNats;
let a: TestGateway;
let b: TestGateway;

beforeAll(async () => {
  nats = await startNats();
  a = await startGateway(nats.url);
  b = await startGateway(nats.url);
});

afterAll(async () => {
  await b?.stop();
  await a?.stop();
  await nats?.stop();
});

const audit = (g: TestGateway, query = '', key?: string | null) => g.api('GET', `/api/v1/audit${query}`, key === undefined ? {} : { key });

describe('the audit log', () => {
  it('records a key created on one instance, with who and for whom, and every instance serves it; never the secret', async () => {
    const made = await a.api('POST', '/api/v1/keys', { body: { accountId: 'acct-audit', role: 'operator', name: 'ci' } });
    expect(made.status).toBe(201);
    const secret = made.body.key as string;
    const here = await audit(a, '?event=key_created');
    expect(here.body.items[0]).toMatchObject({
      event: 'key_created',
      action: 'keys.create',
      method: 'POST',
      route: '/api/v1/keys',
      status: 201,
      outcome: 'success',
      actor: expect.stringMatching(/^admin\//),
      accountId: 'admin',
      targets: { accountId: 'acct-audit', role: 'operator', result: made.body.id },
      fields: ['accountId', 'role', 'name'],
    });
    expect(here.body.items[0].requestId).toBe(made.headers.get('x-request-id'));
    const there = await waitFor(
      async () => {
        const r = await audit(b, `?event=key_created&actor=${encodeURIComponent(here.body.items[0].actor)}`);
        return r.body.items.find((x: { targets: { result?: string } }) => x.targets.result === made.body.id);
      },
      { what: 'the record on the other instance' },
    );
    expect(there.id).toBe(here.body.items[0].id);
    expect(JSON.stringify((await audit(b, '?limit=1000')).body)).not.toContain(secret);
    expect((await b.api('GET', '/api/v1/audit/export.csv')).text).not.toContain(secret);
  });

  it('records a bad key (401) with the client address and a role refused (403) with the key', async () => {
    const bad = await a.api('POST', '/api/v1/agents', { key: 'fwk_not-a-key', body: {} });
    expect(bad.status).toBe(401);
    const viewer = (await a.api('POST', '/api/v1/keys', { body: { accountId: 'acct-v', role: 'viewer' } })).body;
    expect((await a.api('GET', '/api/v1/keys', { key: viewer.key })).status).toBe(403);
    const failed = (await audit(a, '?event=auth_failed')).body.items[0];
    expect(failed).toMatchObject({
      route: '/api/v1/agents',
      status: 401,
      errorCode: 'UNAUTHORIZED',
      outcome: 'failure',
      ip: expect.stringContaining('127.0.0.1'),
    });
    expect(failed.actor).toBeUndefined();
    const denied = (await audit(a, '?event=access_denied&accountId=acct-v')).body.items[0];
    expect(denied).toMatchObject({ method: 'GET', action: 'keys.list', status: 403, errorCode: 'FORBIDDEN', actor: `acct-v/${viewer.id}`, keyId: viewer.id });
  });

  it('records key rotation and revocation, filters by time and outcome, pages with a cursor and exports CSV', async () => {
    const k = (await a.api('POST', '/api/v1/keys', { body: { accountId: 'acct-r', role: 'viewer' } })).body;
    const since = new Date().toISOString();
    const rotated = await a.api('POST', `/api/v1/keys/${k.id}/rotate`);
    expect((await a.api('DELETE', `/api/v1/keys/${rotated.body.id}`)).status).toBe(200);
    expect((await a.api('DELETE', '/api/v1/keys/key_nope')).status).toBe(404);
    const recent = (await audit(a, `?since=${encodeURIComponent(since)}`)).body.items;
    // A refused revocation is still a revocation attempt: kept with its outcome.
    expect(recent.map((r: { event: string; outcome: string }) => `${r.event}:${r.outcome}`)).toEqual([
      'key_revoked:failure',
      'key_revoked:success',
      'key_rotated:success',
    ]);
    expect(recent[1].targets).toEqual({ id: rotated.body.id, result: rotated.body.id });
    expect(recent[2].targets).toEqual({ id: k.id, result: rotated.body.id });
    expect((await audit(a, `?since=${encodeURIComponent(since)}&outcome=failure`)).body.items).toHaveLength(1);
    const first = (await audit(a, `?since=${encodeURIComponent(since)}&limit=2`)).body;
    const second = (await audit(a, `?since=${encodeURIComponent(since)}&limit=2&cursor=${first.nextCursor}`)).body;
    expect([...first.items, ...second.items].map((r: { id: string }) => r.id)).toEqual(recent.map((r: { id: string }) => r.id));
    expect(second.nextCursor).toBeUndefined();
    const csv = await a.api('GET', `/api/v1/audit/export.csv?since=${encodeURIComponent(since)}`);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const lines = csv.text.trim().split('\n');
    expect(lines[0]).toBe('ts,id,event,outcome,status,errorCode,method,route,action,targets,accountId,actor,agentId,ip,requestId');
    expect(lines.slice(1).map((l) => l.split(',')[2])).toEqual(['key_revoked', 'key_revoked', 'key_rotated']);
  });

  it('is for admins only', async () => {
    const op = (await a.api('POST', '/api/v1/keys', { body: { accountId: 'acct-o', role: 'operator' } })).body;
    expect((await audit(a, '', op.key)).status).toBe(403);
    expect((await audit(a, '', null)).status).toBe(401);
  });
});
