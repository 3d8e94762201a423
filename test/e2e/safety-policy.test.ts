import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guardRpc, metricsRpc } from '@flywheel/contracts';
import { request } from '@flywheel/kit';
import { startStack, type Stack } from '../support/index.ts';
import { watchDcg } from './helpers/dcg-events.ts';

describe('dcg policy over REST: exceptions, allowlist, packs, bad input', () => {
  let s: Stack;
  let dcg: ReturnType<typeof watchDcg>;
  // Decisions belong to the caller's account: alice checks and approves her own; carol, an admin, may approve `always`.
  const check = async (command: string, extra: Record<string, string> = {}) =>
    (await s.http('POST', '/dcg/check', { command, ...extra }, { account: 'alice' })).body;
  const asAlice = { account: 'alice' };
  const asAdmin = { as: 'admin' as const };
  const by = (account: string) => expect.stringMatching(new RegExp(`^${account}/`));
  beforeAll(async () => {
    s = await startStack({ services: [{ name: 'safety', env: { COORDINATION_CHECK: 'off' } }, 'gateway-api'] });
    dcg = watchDcg(s.nc);
  });
  afterAll(async () => {
    dcg?.stop();
    await s?.stop();
  });

  it('approve once lets the same agent run the exact command one more time, then denies again', async () => {
    const first = await check('git clean -fdx', { agentId: 'once-1' });
    expect(first.decision).toBe('deny');
    await s.http('POST', `/dcg/exceptions/${first.shortCode.toLowerCase()}/approve`, { grant: 'once' }, asAlice);
    expect((await check('git clean -fdx', { agentId: 'once-2' })).decision).toBe('deny');
    expect(await check('git clean -fdx', { agentId: 'once-1' })).toMatchObject({ decision: 'allow' });
    expect((await check('git clean -fdx', { agentId: 'once-1' })).decision).toBe('deny');
  });

  it('approve for this agent adds an agent-scoped allowlist entry; always adds a global one', async () => {
    const d = await check('git stash clear', { agentId: 'ag-1' });
    await s.http('POST', `/dcg/exceptions/${d.shortCode}/approve`, { grant: 'agent' }, asAlice);
    expect((await check('git stash clear', { agentId: 'ag-1' })).decision).toBe('allow');
    expect((await check('git stash clear', { agentId: 'ag-1' })).decision).toBe('allow');
    expect((await check('git stash clear', { agentId: 'ag-2' })).decision).toBe('deny');
    const e = await check('git branch -D old', { agentId: 'ag-3' });
    await s.http('POST', `/dcg/exceptions/${e.shortCode}/approve`, { grant: 'always' }, { as: 'admin', account: 'carol' });
    expect((await check('git branch -D old', { agentId: 'ag-9' })).decision).toBe('allow');
    expect((await check('git branch -D other')).decision).toBe('deny');
    const entries = (await s.http('GET', '/dcg/allowlist')).body.items;
    expect(entries).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'command', command: 'git stash clear', scope: 'agent', scopeId: 'ag-1', createdBy: by('alice') }),
        expect.objectContaining({ kind: 'command', command: 'git branch -D old', scope: 'global', createdBy: by('carol') }),
      ]),
    );
  });

  it('allowlists a rule per project and removes it again', async () => {
    const add = await s.http('POST', '/dcg/allowlist', {
      kind: 'rule',
      ruleId: 'core.git:push-force',
      scope: 'project',
      scopeId: 'p-ci',
      reason: 'release bot',
      actor: 'ops',
    });
    expect(add.status).toBe(201);
    expect((await check('git push --force', { projectId: 'p-ci' })).decision).toBe('allow');
    expect((await check('git push --force', { projectId: 'p-other' })).decision).toBe('deny');
    expect((await s.http('DELETE', `/dcg/allowlist/${add.body.id}`)).body).toEqual({ ok: true });
    expect((await check('git push --force', { projectId: 'p-ci' })).decision).toBe('deny');
  });

  it('chooses the enabled packs of one project: listed ones deny, the other optional ones off there', async () => {
    // Safe by default: the database pack is on and asks (a /check cannot wait, so it is denied with a code).
    expect((await check('redis-cli FLUSHALL', { projectId: 'p-db' })).decision).toBe('deny');
    const res = await s.http('PUT', '/dcg/packs/enabled', { scope: 'project', scopeId: 'p-db', packs: ['system'], actor: 'ops' });
    expect(res.body).toEqual({ scope: 'project', scopeId: 'p-db', packs: ['system'] });
    expect((await check('redis-cli FLUSHALL', { projectId: 'p-db' })).decision).toBe('allow');
    expect((await check('redis-cli FLUSHALL', { projectId: 'p-web' })).decision).toBe('deny');
    const packs = (await s.http('GET', '/dcg/packs?projectId=p-db')).body.items as { id: string; enabled: boolean; action: string; source: string }[];
    expect(packs.find((p) => p.id === 'database')).toMatchObject({ enabled: false, action: 'off', source: 'project' });
    expect(packs.find((p) => p.id === 'system')).toMatchObject({ enabled: true, action: 'deny', source: 'project' });
    expect((await s.http('GET', '/dcg/packs')).body.items.find((p: { id: string }) => p.id === 'database')).toMatchObject({
      enabled: true,
      action: 'ask',
      source: 'default',
    });
    expect((await s.http('GET', '/dcg/rules')).body.items.some((r: { id: string }) => r.id === 'core.git:reset-hard')).toBe(true);
  });

  it('an operator can turn a built-in deny into ask: a driver call is held until approved, a hook gets a code', async () => {
    const set = await s.http('PUT', '/dcg/rules/core.git:push-force/action', { action: 'ask', actor: 'ops' });
    expect(set.body).toEqual({ ruleId: 'core.git:push-force', action: 'ask', overridden: true });
    expect((await s.http('GET', '/dcg/rules')).body.items.find((r: { id: string }) => r.id === 'core.git:push-force').action).toBe('ask');
    const held = request(s.nc, guardRpc, { agentId: 'push-1', tool: 'Bash', input: { command: 'git push -f origin main' } }, { timeoutMs: 20_000 });
    const pending = await dcg.waitEvent((e) => e.type === 'exception' && e.exception.agentId === 'push-1' && e.exception.status === 'pending', 'held push');
    // A guard call that names no account makes an unowned exception: an admin's to settle (here alice's admin key).
    await s.http(
      'POST',
      `/dcg/exceptions/${pending.type === 'exception' ? pending.exception.shortCode : ''}/approve`,
      { grant: 'once' },
      { as: 'admin', account: 'alice' },
    );
    expect(await held).toMatchObject({ decision: 'allow', reason: expect.stringContaining('Approved by alice/') });
    expect(
      await request(s.nc, guardRpc, { agentId: 'push-1', tool: 'Bash', input: { command: 'git push -f origin main' }, wait: false, source: 'hook' }),
    ).toMatchObject({ decision: 'deny', shortCode: expect.any(String) });
    expect((await s.http('PUT', '/dcg/rules/core.git:push-force/action', { action: null, actor: 'ops' })).body.action).toBe('deny');
    expect((await s.http('PUT', '/dcg/rules/core.git:nope/action', { action: 'ask', actor: 'ops' })).status).toBe(404);
  });

  it('answers bad input with 400 in the error envelope and stores nothing', async () => {
    const before = (await s.http('GET', '/dcg/stats')).body.total;
    for (const [path, body] of [
      ['/dcg/check', {}],
      ['/dcg/check', { command: '' }],
      ['/dcg/check', { command: 'ls', agentId: 'bad id!' }],
      ['/dcg/allowlist', { kind: 'rule', scope: 'global', reason: 'x', actor: 'a' }],
      ['/dcg/packs/enabled', { scope: 'global', packs: ['nope'], actor: 'a' }],
      ['/dcg/exceptions/ABCDEF/approve', { grant: 'sometimes', decidedBy: 'a' }],
    ] as const) {
      const r = await s.http(path.endsWith('enabled') ? 'PUT' : 'POST', path, body);
      expect(r.status, path).toBe(400);
      expect(r.body.error).toMatchObject({ code: 'BAD_REQUEST', message: expect.any(String), requestId: expect.any(String) });
    }
    expect((await s.http('GET', '/dcg/stats')).body.total).toBe(before);
    expect((await s.http('GET', '/dcg/allowlist')).body.items.some((e: { reason: string }) => e.reason === 'x')).toBe(false);
  });

  it('rejects an invalid custom pack with 400 naming the problem', async () => {
    const noKeywords = await s.http('POST', '/dcg/packs', {
      format: 'yaml',
      content: 'id: team.x\nname: X\nkeywords: []\nrules:\n  - {id: r, severity: high, explanation: e, pattern: "foo"}\n',
      actor: 'a',
    });
    expect(noKeywords.status).toBe(400);
    expect(noKeywords.body.error.message).toMatch(/keyword/);
    const never = await s.http('POST', '/dcg/packs', {
      format: 'yaml',
      content: 'id: team.x\nname: X\nkeywords: [bar]\nrules:\n  - {id: r, severity: high, explanation: e, pattern: "foo"}\n',
      actor: 'a',
    });
    expect(never.body.error.message).toMatch(/can never fire/);
    expect((await s.http('POST', '/dcg/packs', { format: 'json', content: '{nope', actor: 'a' })).body.error.message).toMatch(/not valid JSON/);
  });

  it('records Write and unknown tools as allowed, explains a match, counts per rule in metrics and per agent in stats', async () => {
    expect(await request(s.nc, guardRpc, { agentId: 'tools-1', tool: 'Write', input: { file_path: '/x', content: 'rm -rf /' } })).toMatchObject({
      decision: 'allow',
    });
    expect(await request(s.nc, guardRpc, { agentId: 'tools-1', tool: 'mcp__x__y', input: {} })).toMatchObject({ decision: 'allow' });
    expect(await request(s.nc, guardRpc, { agentId: 'tools-2', tool: 'Bash', input: { nope: 1 } })).toMatchObject({
      decision: 'allow',
      warning: expect.stringContaining('without a readable command'),
    });
    expect((await s.http('GET', '/dcg/decisions?agentId=tools-2', undefined, asAdmin)).body.items[0]).toMatchObject({
      decision: 'warn',
      ruleId: 'engine:unreadable-command',
    });
    const recs = (await s.http('GET', '/dcg/decisions?agentId=tools-1', undefined, asAdmin)).body.items;
    expect(recs.map((d: { tool: string; decision: string }) => `${d.tool}:${d.decision}`)).toEqual(['mcp__x__y:allow', 'Write:allow']);
    const x = (await s.http('POST', '/dcg/explain', { command: 'echo ok && sudo git reset --hard' })).body;
    expect(x.decision).toMatchObject({ decision: 'deny', ruleId: 'core.git:reset-hard', matchedSpan: { text: expect.stringContaining('reset --hard') } });
    expect(x.segments.length).toBe(2);
    expect((await check('git reset --hard', { agentId: 'tools-1' })).decision).toBe('deny');
    const stats = (await s.http('GET', '/dcg/stats', undefined, asAdmin)).body;
    expect(stats.byAgent).toEqual(expect.arrayContaining([{ key: 'tools-1', count: 3 }]));
    expect(stats.byRule.find((r: { key: string }) => r.key === 'core.git:reset-hard')).toBeTruthy();
    const metrics = (await request(s.nc, metricsRpc('safety'), {})).text;
    expect(metrics).toMatch(/dcg_decisions_total\{[^}]*rule="core.git:reset-hard"[^}]*decision="deny"/);
    expect(metrics).not.toContain('tools-1');
  });

  it('pages decisions with a cursor and filters by time', async () => {
    const p1 = (await s.http('GET', '/dcg/decisions?limit=2', undefined, asAdmin)).body;
    const p2 = (await s.http('GET', `/dcg/decisions?limit=2&cursor=${p1.nextCursor}`, undefined, asAdmin)).body;
    expect(p1.items).toHaveLength(2);
    expect(p2.items[0].ts <= p1.items[1].ts).toBe(true);
    expect(p2.items.map((d: { id: string }) => d.id)).not.toContain(p1.items[0].id);
    expect((await s.http('GET', '/dcg/decisions?since=2999-01-01T00:00:00Z')).body.items).toEqual([]);
  });
});
