/**
 * Issue 10's access matrix, read from the OpenAPI document: every operation is called with no key, a wrong key,
 * a viewer key and another account's operator key. Only public routes answer 2xx without a valid key; viewers
 * never reach an operator or admin route; no account reads another's data; nothing answers 5xx.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { usageRecordEvent } from '@flywheel/contracts';
import { DurablePublisher } from '@flywheel/kit';
import { testLogger, waitFor } from '@flywheel/kit/testing';
import { startStack, type Stack } from '../support/index.ts';
import { waitState } from './helpers/agent-events.ts';

interface Op {
  method: string;
  path: string;
  role: string;
}

let s: Stack;
let ops: Op[];
/** acct-a's objects, which acct-b must never see. */
const a: Record<string, string> = {};

const call = async (op: Op, key: string | undefined, params: Record<string, string>) => {
  const path = op.path.replace(/\{([A-Za-z0-9_]+)\}/g, (_, n: string) => encodeURIComponent(params[n] ?? 'x'));
  const res = await fetch(`${s.url}${path}`, {
    method: op.method,
    headers: {
      ...(key ? { authorization: `Bearer ${key}` } : {}),
      ...(op.method === 'GET' || op.method === 'DELETE' ? {} : { 'content-type': 'application/json' }),
    },
    body: op.method === 'GET' || op.method === 'DELETE' ? undefined : '{}',
  });
  const text = await res.text();
  return { status: res.status, text };
};

beforeAll(async () => {
  s = await startStack({ services: ['ws-hub', 'safety', 'cost', 'coordination', 'agent-runner', 'gateway-api'] });
  const doc = (await (await fetch(`${s.url}/api/v1/openapi.json`)).json()) as { paths: Record<string, Record<string, { 'x-required-role': string }>> };
  ops = Object.entries(doc.paths).flatMap(([path, m]) =>
    Object.entries(m).map(([method, op]) => ({ method: method.toUpperCase(), path, role: op['x-required-role'] })),
  );
  // acct-a's world: two agents, a guarded command, spend, a reservation and a message.
  const cwd = s.tmp('fw-matrix-');
  const spawn = async () => (await s.http('POST', '/agents', { driver: 'tmux', workingDirectory: cwd, command: ['sh'], env: { PS1: '$ ' } })).body.id as string;
  a.agentId = await spawn();
  a.peerId = await spawn();
  await waitState(s, a.agentId, 'ready');
  await waitState(s, a.peerId, 'ready');
  const check = (await s.http('POST', '/dcg/check', { command: 'git reset --hard', agentId: a.agentId })).body;
  a.exceptionRef = check.shortCode;
  const pub = new DurablePublisher(s.nc, { logger: testLogger() });
  a.messageId = 'msg_matrix_a';
  await pub.publish(
    usageRecordEvent,
    [a.agentId],
    {
      messageId: a.messageId,
      agentId: a.agentId,
      accountId: 'acct-a',
      model: 'claude-haiku-4-5',
      usage: { inputTokens: 100, outputTokens: 10, cacheReadInputTokens: 0, cacheCreationInputTokens: 0 },
      ts: new Date().toISOString(),
    },
    a.messageId,
  );
  await pub.close(1000);
  await waitFor(async () => (await s.http('GET', `/cost-analytics/records?agentId=${a.agentId}`)).body.items?.length === 1, { what: 'acct-a spend' });
  await waitFor(async () => (await s.http('POST', '/reservations', { agentId: a.agentId, patterns: ['notes/**'] })).status === 201, { what: 'a reservation' });
  a.reservationId = (await s.http('GET', `/reservations?agentId=${a.agentId}`)).body.items[0].id;
  const msg = await s.http('POST', '/messages', { from: a.agentId, to: [a.peerId], subject: 'matrix', body: 'hello' });
  expect(msg.status).toBe(201);
  a.mailId = msg.body.id;
}, 120_000);

afterAll(async () => {
  await s?.stop();
});

/** Fills every path parameter with acct-a's object of that kind. */
const aParams = (): Record<string, string> => ({
  id: a.agentId,
  ref: a.exceptionRef,
  checkpointId: 'chk_nope',
  ruleId: 'core.git:reset-hard',
  service: 'cost',
  ...a,
});

describe('the access matrix, from the OpenAPI document', () => {
  it('covers every operation the gateway describes', () => {
    expect(ops.length).toBeGreaterThan(60);
    expect(
      ops
        .filter((o) => o.role === 'public')
        .map((o) => o.path)
        .sort(),
    ).toEqual(['/api/v1/openapi.json', '/health']);
  });

  it('answers 401 to every non-public operation without a key or with a wrong one, and 2xx only on public ones', async () => {
    for (const op of ops) {
      for (const key of [undefined, 'fwk_not-a-real-key-0123456789']) {
        const r = await call(op, key, aParams());
        if (op.role === 'public') expect(r.status, `${op.method} ${op.path}`).toBeLessThan(300);
        else expect(r.status, `${op.method} ${op.path} key=${key ?? 'none'}: ${r.text}`).toBe(401);
      }
    }
  });

  it('never lets a viewer through to an operator or admin operation (403 before any input is read)', async () => {
    const viewer = await s.key('viewer', 'acct-a');
    for (const op of ops.filter((o) => o.role === 'operator' || o.role === 'admin')) {
      const r = await call(op, viewer, aParams());
      expect(r.status, `${op.method} ${op.path}: ${r.text}`).toBe(403);
      expect(JSON.parse(r.text).error.code).toBe('FORBIDDEN');
    }
  });

  it('lets another account read none of acct-a’s data, and answers no operation with a 5xx', async () => {
    const other = await s.key('operator', 'acct-b');
    const secrets = [a.agentId, a.peerId, a.messageId, a.reservationId, a.mailId, 'acct-a'];
    for (const op of ops.filter((o) => o.method === 'GET' && o.role !== 'public')) {
      const r = await call(op, other, aParams());
      expect(r.status, `${op.method} ${op.path}`).toBeLessThan(500);
      if (r.status < 300) for (const secret of secrets) expect(r.text, `${op.path} shows ${secret} to acct-b`).not.toContain(secret);
    }
    for (const op of ops.filter((o) => o.method !== 'GET' && o.role !== 'public' && o.role !== 'admin')) {
      const r = await call(op, other, aParams());
      expect(r.status, `${op.method} ${op.path}: ${r.text}`).toBeLessThan(500);
      expect(r.status, `${op.method} ${op.path} let acct-b act on acct-a: ${r.text}`).not.toBeLessThan(200);
      expect(r.status < 300 && r.text.includes(a.agentId), `${op.method} ${op.path} acted on acct-a's agent`).toBe(false);
    }
  });

  it('still shows acct-a its own data (the matrix is not passing because nobody sees anything)', async () => {
    const viewerA = await s.key('viewer', 'acct-a');
    const list = await call({ method: 'GET', path: '/api/v1/agents', role: 'viewer' }, viewerA, {});
    expect(list.text).toContain(a.agentId);
    const records = await call({ method: 'GET', path: '/api/v1/cost-analytics/records', role: 'viewer' }, viewerA, {});
    expect(records.text).toContain(a.messageId);
  });
});
