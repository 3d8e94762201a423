import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentCredentialRpcs, dcgEvent, dcgRpcs, type DcgDecision } from '@flywheel/contracts';
import { request, subscribe } from '@flywheel/kit';
import { testLogger } from '@flywheel/kit/testing';
import type { GatewayDefinition } from '@flywheel/gateway-api';
import { startStack, type InstanceOf, type Stack } from '../support/index.ts';

const NO_LS = JSON.stringify({
  id: 'team.nols',
  name: 'No ls',
  keywords: ['ls'],
  rules: [{ id: 'ls', severity: 'low', pattern: String.raw`^ls\b`, explanation: 'Listing is not allowed here.' }],
});
const pre = (command: string) => ({ hook_event_name: 'PreToolUse', session_id: 's-1', cwd: '/tmp', tool_name: 'Bash', tool_input: { command } });

describe('the HTTP hook’s fast path: engine allows answered by the gateway, recorded by safety', () => {
  let s: Stack;
  let tokenA: string;
  let tokenB: string;
  const seen: DcgDecision[] = [];
  const waiting = new Set<() => void>();
  let events: { stop(): void };
  const gateway = () => s.service<InstanceOf<typeof GatewayDefinition>>('gateway-api');
  const policy = () => gateway().instance.hookPolicy;
  /** Hook calls answered by the gateway itself (`local`) or by the guard, from the gateway's metrics. */
  const answered = async (path: 'local' | 'guard') => {
    const m = await gateway().deps.metrics.registry.getSingleMetric('hook_local_total')!.get();
    return m.values.find((v) => v.labels.path === path)?.value ?? 0;
  };
  /** Resolves with the decision safety publishes for this agent and command. */
  const decisionFor = (agentId: string, command: string) =>
    new Promise<DcgDecision>((resolve) => {
      const check = () => {
        const d = seen.find((x) => x.agentId === agentId && x.command === command);
        if (!d) return;
        waiting.delete(check);
        resolve(d);
      };
      waiting.add(check);
      check();
    });
  const hook = async (command: string, key: string) => {
    const r = await s.http('POST', '/hooks/claude-code', pre(command), { key });
    expect(r.status, r.text).toBe(200);
    return r.body as { hookSpecificOutput?: { permissionDecision: string; permissionDecisionReason: string } };
  };

  beforeAll(async () => {
    s = await startStack({ services: ['coordination', 'safety', 'gateway-api'] });
    events = subscribe(
      s.nc,
      dcgEvent,
      (e) => {
        if (e.type !== 'decision') return;
        seen.push(e.decision);
        for (const w of [...waiting]) w();
      },
      { logger: testLogger() },
    );
    ({ token: tokenA } = await request(s.nc, agentCredentialRpcs.mint, { agentId: 'cc-fast-a', accountId: 'acct-a' }));
    ({ token: tokenB } = await request(s.nc, agentCredentialRpcs.mint, { agentId: 'cc-fast-b', accountId: 'acct-b' }));
    await policy().whenCurrent(() => true);
  });
  afterAll(async () => {
    events?.stop();
    await s?.stop();
  });

  it('an allowed ls is answered by the gateway; safety stores and publishes the decision with the agent, account and source', async () => {
    const local = await answered('local');
    const recorded = decisionFor('cc-fast-a', 'ls -la');
    expect(await hook('ls -la', tokenA)).toEqual({});
    expect(await answered('local')).toBe(local + 1);
    const d = await recorded;
    expect(d).toMatchObject({ decision: 'allow', source: 'hook', agentId: 'cc-fast-a', accountId: 'acct-a', tool: 'Bash', command: 'ls -la' });
    const stored = (await s.http('GET', '/dcg/decisions?agentId=cc-fast-a')).body.items as DcgDecision[];
    expect(stored.filter((x) => x.id === d.id)).toEqual([d]);
  });

  it('a destructive command, a write and an over-long command are the guard’s; a secret is redacted before it leaves the gateway', async () => {
    const guard = await answered('guard');
    const denied = await hook('git reset --hard', tokenA);
    expect(denied.hookSpecificOutput).toMatchObject({ permissionDecision: 'deny', permissionDecisionReason: expect.stringContaining('core.git:reset-hard') });
    expect(await hook('echo hi > /tmp/fw-fast-path-out.txt', tokenA)).toEqual({});
    // Longer than a handed decision may be: the guard decides and records it.
    expect(await hook(`ls ${'a'.repeat(120_000)}`, tokenA)).toEqual({});
    expect(await answered('guard')).toBe(guard + 3);
    // A secret in an allowed command is redacted before the decision leaves the gateway.
    const recorded = decisionFor('cc-fast-a', 'curl -H "Authorization: Bearer [REDACTED]" https://example.com');
    expect(await hook('curl -H "Authorization: Bearer abcdefghijklmnop" https://example.com', tokenA)).toEqual({});
    expect((await recorded).source).toBe('hook');
  });

  it('a custom pack uploaded through the API denies the next ls; an account turned off from it is allowed again once the replica moves', async () => {
    const before = policy().version()!;
    expect((await s.http('POST', '/dcg/packs', { format: 'json', content: NO_LS })).status).toBe(201);
    // This gateway made the change: its replica is not used until it has refetched, so the very next call is the guard's.
    const denied = await hook('ls', tokenA);
    expect(denied.hookSpecificOutput?.permissionDecisionReason).toContain('team.nols:ls');
    const uploaded = await policy().whenCurrent((v) => v > before);
    const guard = await answered('guard');
    expect((await hook('ls', tokenB)).hookSpecificOutput?.permissionDecision).toBe('deny');
    expect(await answered('guard')).toBe(guard + 1);

    // A change made past this gateway (straight to safety) reaches it through the version in KV.
    await request(s.nc, dcgRpcs.packAction, { packId: 'team.nols', scope: 'account', scopeId: 'acct-a', action: 'off', actor: 'test' });
    await policy().whenCurrent((v) => v > uploaded);
    const local = await answered('local');
    expect(await hook('ls', tokenA)).toEqual({});
    expect(await answered('local')).toBe(local + 1);
    expect((await hook('ls', tokenB)).hookSpecificOutput?.permissionDecision).toBe('deny');

    await request(s.nc, dcgRpcs.packDelete, { id: 'team.nols', actor: 'test' });
    await policy().whenCurrent((v) => v > uploaded + 1);
    expect(await hook('ls', tokenB)).toEqual({});
  });

  it('with safety down an allow is answered once the stream holds it; safety stores it when it is back', async () => {
    await s.stopService('safety');
    const recorded = decisionFor('cc-fast-b', 'ls -R');
    expect(await hook('ls -R', tokenB)).toEqual({});
    // What needs the guard is denied meanwhile (an unchecked call may be destructive).
    expect((await hook('echo hi > /tmp/fw-fast-path-down.txt', tokenB)).hookSpecificOutput?.permissionDecisionReason).toContain('did not answer');
    await s.restart('safety');
    const d = await recorded;
    expect(d).toMatchObject({ decision: 'allow', source: 'hook', agentId: 'cc-fast-b', accountId: 'acct-b' });
    const stored = (await s.http('GET', '/dcg/decisions?agentId=cc-fast-b', undefined, { account: 'acct-b' })).body.items as DcgDecision[];
    expect(stored.filter((x) => x.id === d.id)).toHaveLength(1);
  });
});
