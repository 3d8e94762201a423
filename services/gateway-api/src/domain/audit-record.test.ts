import { describe, expect, it } from 'vitest';
import { auditRecordOf, type FinishedRequest } from './audit-record.ts';

const req = (over: Partial<FinishedRequest>): FinishedRequest => ({
  id: 'aud_1',
  ts: '2026-01-01T00:00:00.000Z',
  method: 'POST',
  route: '/api/v1/keys',
  action: 'keys.create',
  params: {},
  body: { accountId: 'acct-a', role: 'viewer', name: 'ci key' },
  status: 201,
  requestId: 'r1',
  principal: { accountId: 'admin', role: 'admin', keyId: 'key_admin' },
  ip: '127.0.0.1',
  resultId: 'key_new',
  ...over,
});

describe('auditRecordOf', () => {
  it('records a key made: who, for which account and role, the new key id; field names, never values', () => {
    expect(auditRecordOf(req({}))).toEqual({
      id: 'aud_1',
      ts: '2026-01-01T00:00:00.000Z',
      event: 'key_created',
      action: 'keys.create',
      method: 'POST',
      route: '/api/v1/keys',
      targets: { accountId: 'acct-a', role: 'viewer', result: 'key_new' },
      fields: ['accountId', 'role', 'name'],
      status: 201,
      outcome: 'success',
      requestId: 'r1',
      accountId: 'admin',
      actor: 'admin/key_admin',
      keyId: 'key_admin',
      ip: '127.0.0.1',
    });
  });

  it('records refused credentials and roles on reads too, and skips other reads', () => {
    expect(auditRecordOf(req({ method: 'GET', status: 401, principal: undefined, errorCode: 'UNAUTHORIZED' }))).toMatchObject({
      event: 'auth_failed',
      outcome: 'failure',
      ip: '127.0.0.1',
    });
    expect(auditRecordOf(req({ method: 'GET', status: 403 }))?.event).toBe('access_denied');
    expect(auditRecordOf(req({ method: 'GET', status: 200 }))).toBeUndefined();
    expect(auditRecordOf(req({ method: 'DELETE', action: 'agents.terminate', params: { id: 'agt_1' }, status: 404 }))).toMatchObject({
      event: 'request',
      targets: { id: 'agt_1' },
      outcome: 'failure',
    });
  });

  it('skips a hook verdict (a POST that changes nothing; the guard stores the decision) but keeps its refusals', () => {
    const hook = { route: '/api/v1/hooks/claude-code', action: 'hooks.claudeCode', body: { tool_name: 'Bash' }, resultId: undefined };
    expect(auditRecordOf(req({ ...hook, status: 200 }))).toBeUndefined();
    expect(auditRecordOf(req({ ...hook, status: 403 }))?.event).toBe('access_denied');
    expect(auditRecordOf(req({ ...hook, status: 401, principal: undefined }))?.event).toBe('auth_failed');
  });
});
