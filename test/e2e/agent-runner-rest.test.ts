import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../support/index.ts';
import { waitEvent, waitState } from './helpers/agent-events.ts';

describe('agents REST contract: bad input is 400/404/409 in the error envelope, never 5xx', () => {
  let h: Stack;
  let id: string;
  beforeAll(async () => {
    h = await startStack({ services: ['gateway-api', { name: 'agent-runner', id: 'r-rest', env: { TMUX_POLL_MS: '50' } }] });
    id = (await h.http('POST', '/agents', { driver: 'tmux', workingDirectory: '/tmp', command: ['sh'] })).body.id;
    await waitState(h, id, 'ready');
  });
  afterAll(async () => {
    await h?.stop();
  });

  const cases: [string, string, string, unknown, number, string][] = [
    ['unknown driver', 'POST', '/agents', { driver: 'vim', workingDirectory: '/tmp' }, 400, 'BAD_REQUEST'],
    ['relative working directory', 'POST', '/agents', { driver: 'sdk', workingDirectory: 'tmp' }, 400, 'BAD_REQUEST'],
    ['tmux without a command', 'POST', '/agents', { driver: 'tmux', workingDirectory: '/tmp' }, 400, 'BAD_REQUEST'],
    ['bad env name', 'POST', '/agents', { driver: 'tmux', workingDirectory: '/tmp', command: ['sh'], env: { 'A-B': 'x' } }, 400, 'BAD_REQUEST'],
    [
      'resume on a driver that cannot',
      'POST',
      '/agents',
      { driver: 'tmux', workingDirectory: '/tmp', command: ['sh'], resumeSessionId: 's' },
      400,
      'BAD_REQUEST',
    ],
    ['unknown agent', 'GET', '/agents/agt_doesnotexist', undefined, 404, 'NOT_FOUND'],
    ['malformed agent id', 'GET', '/agents/bad!id', undefined, 400, 'BAD_REQUEST'],
    ['bad state filter', 'GET', '/agents?state=sleeping', undefined, 400, 'BAD_REQUEST'],
    ['bad limit', 'GET', '/agents?limit=0', undefined, 400, 'BAD_REQUEST'],
    ['malformed list cursor', 'GET', '/agents?cursor=xyz', undefined, 400, 'BAD_REQUEST'],
    ['send to unknown agent', 'POST', '/agents/agt_doesnotexist/send', { message: 'hi' }, 404, 'NOT_FOUND'],
    ['unknown event type', 'GET', '/agents/AGENT/events?types=nope', undefined, 400, 'BAD_REQUEST'],
    ['malformed output cursor', 'GET', '/agents/AGENT/output?cursor=abc', undefined, 400, 'BAD_REQUEST'],
    ['empty message', 'POST', '/agents/AGENT/send', { message: '' }, 400, 'BAD_REQUEST'],
    ['restore of an unknown checkpoint', 'POST', '/agents/AGENT/checkpoints/chk_nope/restore', undefined, 404, 'NOT_FOUND'],
  ];
  for (const [what, method, path, body, status, code] of cases) {
    it(`${what} → ${status} ${code}`, async () => {
      const r = await h.http(method, path.replace('AGENT', id), body);
      expect(r.status).toBe(status);
      expect(r.body.error).toMatchObject({ code });
      expect(typeof r.body.error.requestId).toBe('string');
    });
  }

  it('an agent program that cannot start → 400 naming the agent, which is kept as failed', async () => {
    for (const body of [
      { driver: 'acp', workingDirectory: '/tmp', command: ['/nonexistent/agent'] },
      { driver: 'tmux', workingDirectory: '/tmp', command: ['/nonexistent/agent'] },
    ]) {
      const r = await h.http('POST', '/agents', body);
      expect(r.status).toBe(400);
      const agentId = r.body.error.details.agentId as string;
      const failed = await h.http('GET', `/agents/${agentId}`);
      expect(failed.body.state).toBe('failed');
      expect(failed.body.stateReason).toMatch(/could not start/);
    }
  }, 30_000);

  it('a working directory that does not exist → 400 naming workingDirectory for every driver, and no agent is kept', async () => {
    const before = (await h.http('GET', '/agents')).body.items.length;
    for (const body of [
      { driver: 'sdk', workingDirectory: '/nonexistent/dir' },
      { driver: 'acp', workingDirectory: '/nonexistent/dir', command: ['sh'] },
      { driver: 'tmux', workingDirectory: '/nonexistent/dir', command: ['sh'] },
      { driver: 'codex', workingDirectory: '/nonexistent/dir' },
      { driver: 'tmux', workingDirectory: '/etc/hostname', command: ['sh'] },
    ]) {
      const r = await h.http('POST', '/agents', body);
      expect(r.status, `${body.driver} ${JSON.stringify(r.body)}`).toBe(400);
      expect(r.body.error).toMatchObject({ code: 'BAD_REQUEST', details: { issues: [{ path: 'workingDirectory' }] } });
      expect(r.body.error.message).toContain(`workingDirectory: ${body.workingDirectory}`);
    }
    expect((await h.http('GET', '/agents')).body.items).toHaveLength(before);
  });

  it('records checkpoints and command history; a tmux checkpoint cannot be restored (409)', async () => {
    await h.http('POST', `/agents/${id}/send`, { message: 'echo cp' });
    await waitEvent(h, id, (e) => e.type === 'output' && e.text === 'cp', 'echo');
    const cp = await h.http('POST', `/agents/${id}/checkpoints`);
    expect(cp.status).toBe(201);
    expect(cp.body).toMatchObject({ agentId: id, reason: 'manual' });
    await waitEvent(h, id, (e) => e.type === 'checkpoint' && e.checkpointId === cp.body.id, 'checkpoint event');
    expect((await h.http('GET', `/agents/${id}/checkpoints`)).body.items.map((c: { id: string }) => c.id)).toEqual([cp.body.id]);
    const restore = await h.http('POST', `/agents/${id}/checkpoints/${cp.body.id}/restore`);
    expect(restore.status).toBe(409);
    const history = (await h.http('GET', `/agents/${id}/commands`)).body.items;
    expect(history.at(-1)).toMatchObject({ kind: 'restore', outcome: 'error', error: { code: 'CONFLICT' } });
    expect(history.some((c: { kind: string; message?: string }) => c.kind === 'send' && c.message === 'echo cp')).toBe(true);
  });

  it("records the authenticated caller as the actor and the agent's account", async () => {
    const key = await h.http('POST', '/keys', { accountId: 'acct-7', role: 'operator' }, { key: h.adminKey });
    expect(key.status).toBe(201);
    const as = { key: key.body.key as string };
    const spawned = await h.http('POST', '/agents', { driver: 'tmux', workingDirectory: '/tmp', command: ['sh'] }, as);
    expect(spawned.body.accountId).toBe('acct-7');
    expect(spawned.body).toMatchObject({ guard: 'unguarded', guardNote: expect.stringContaining('tmux'), attention: 'none' });
    await h.http('POST', `/agents/${spawned.body.id}/send`, { message: 'echo hi' }, as);
    const history = (await h.http('GET', `/agents/${spawned.body.id}/commands`, undefined, { account: 'acct-7' })).body.items;
    expect(history.map((c: { kind: string; actor?: string }) => [c.kind, c.actor])).toEqual([
      ['spawn', `acct-7/${key.body.id}`],
      ['send', `acct-7/${key.body.id}`],
    ]);
    await h.http('DELETE', `/agents/${spawned.body.id}`, undefined, as);
  });

  it('terminated agents refuse commands with 409', async () => {
    expect((await h.http('DELETE', `/agents/${id}`)).status).toBe(200);
    for (const [method, path, body] of [
      ['DELETE', '', undefined],
      ['POST', '/send', { message: 'x' }],
      ['POST', '/interrupt', undefined],
    ] as const) {
      const r = await h.http(method, `/agents/${id}${path}`, body);
      expect(r.status).toBe(409);
      expect(r.body.error.code).toBe('CONFLICT');
    }
  });
});
