/**
 * Identity at the edge with the real services: keys shared by two gateways, who approved comes from the key,
 * per-agent credentials, and provider profiles (BYOA) encrypted at rest and handed to agent processes.
 */
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { profileRpcs } from '@flywheel/contracts';
import { request } from '@flywheel/kit';
import { waitFor } from '@flywheel/kit/testing';
import { startStack, type Stack } from '../support/index.ts';

const SECRETS_KEY = 'edge-identity-test-secrets-key-0123456789';
const SECRET = 'sk-ant-identity-test-secret-value';

let s: Stack;
const gw = (id: string) => `http://127.0.0.1:${s.port(id)}`;
const get = (base: string, path: string, key?: string) => fetch(`${base}${path}`, { headers: key ? { authorization: `Bearer ${key}` } : {} });

beforeAll(async () => {
  s = await startStack({
    services: [
      'ws-hub',
      { name: 'safety', env: { COORDINATION_CHECK: 'off' } },
      'agent-runner',
      { name: 'gateway-api', id: 'gw-a', env: { FLYWHEEL_SECRETS_KEY: SECRETS_KEY } },
      { name: 'gateway-api', id: 'gw-b', env: { FLYWHEEL_SECRETS_KEY: SECRETS_KEY } },
    ],
  });
}, 120_000);

afterAll(async () => {
  await s?.stop();
});

/** A program named `claude` (so the runner treats it as Claude Code) that writes its environment to env.txt. */
function fakeClaude(dir: string): string {
  const bin = join(dir, 'claude');
  writeFileSync(bin, '#!/bin/sh\nenv > "$PWD/env.txt"\nexec sleep 300\n');
  chmodSync(bin, 0o755);
  return bin;
}

async function spawnDumper(account: string): Promise<{ id: string; env: () => Record<string, string> }> {
  const cwd = s.tmp('fw-identity-');
  const r = await s.http('POST', '/agents', { driver: 'tmux', workingDirectory: cwd, command: [fakeClaude(cwd)] }, { account });
  expect(r.status).toBe(201);
  const file = join(cwd, 'env.txt');
  await waitFor(() => existsSync(file) && readFileSync(file, 'utf8').includes('FLYWHEEL_AGENT_ID'), { what: 'the agent process env', timeoutMs: 20_000 });
  const env = () =>
    Object.fromEntries(
      readFileSync(file, 'utf8')
        .split('\n')
        .filter((l) => l.includes('='))
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    );
  return { id: r.body.id as string, env };
}

describe('keys across gateway instances', () => {
  it('a key made on one gateway works on the other, and a revocation on the second ends it on the first', async () => {
    const made = await fetch(`${gw('gw-a')}/api/v1/keys`, {
      method: 'POST',
      headers: { authorization: `Bearer ${s.adminKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ accountId: 'acct-x', role: 'viewer' }),
    });
    expect(made.status).toBe(201);
    const { id, key } = (await made.json()) as { id: string; key: string };
    await waitFor(async () => (await get(gw('gw-b'), '/api/v1/auth/me', key)).status === 200, { what: 'the key on gw-b' });
    expect((await fetch(`${gw('gw-b')}/api/v1/keys/${id}`, { method: 'DELETE', headers: { authorization: `Bearer ${s.adminKey}` } })).status).toBe(200);
    await waitFor(async () => (await get(gw('gw-a'), '/api/v1/auth/me', key)).status === 401, { what: 'the revocation on gw-a' });
  });
});

describe('who approved comes from the key', () => {
  it('a viewer’s approval is 403; an operator’s records that key’s principal whatever the body says', async () => {
    const check = await s.http('POST', '/dcg/check', { command: 'git reset --hard', agentId: 'actor-1' }, { account: 'acct-a' });
    const ref = check.body.shortCode as string;
    const viewer = await s.http('POST', `/dcg/exceptions/${ref}/approve`, { grant: 'once' }, { as: 'viewer', account: 'acct-a' });
    expect(viewer.status).toBe(403);
    expect((await s.http('GET', `/dcg/exceptions?agentId=actor-1`, undefined, { account: 'acct-a' })).body.items[0].status).toBe('pending');
    const me = (await s.http('GET', '/auth/me', undefined, { as: 'operator', account: 'acct-a' })).body;
    const approved = await s.http(
      'POST',
      `/dcg/exceptions/${ref}/approve`,
      { grant: 'once', decidedBy: 'mallory', actor: 'mallory' },
      { as: 'operator', account: 'acct-a' },
    );
    expect(approved.status).toBe(200);
    expect(approved.body.decidedBy).toBe(`acct-a/${me.principal.keyId}`);
    const audit = (await s.http('GET', '/dcg/audit', undefined, { as: 'admin' })).body.items as { actor: string; action: string }[];
    expect(audit.find((e) => e.action === 'exception.approve')?.actor).toBe(`acct-a/${me.principal.keyId}`);
  });
});

describe('per-agent credentials', () => {
  it('are minted at spawn into the agent’s env, act only as that agent, and end when it is terminated', async () => {
    const agent = await spawnDumper('acct-a');
    const env = agent.env();
    expect(env.FLYWHEEL_AGENT_ID).toBe(agent.id);
    expect(env.FLYWHEEL_GATEWAY_URL).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const token = env.FLYWHEEL_AGENT_TOKEN;
    expect(token).toMatch(/^fwa_/);
    const me = await (await get(s.url, '/api/v1/auth/me', token)).json();
    expect(me.principal).toMatchObject({ accountId: 'acct-a', agentId: agent.id });
    expect((await get(s.url, '/api/v1/agents', token)).status).toBe(403);
    expect((await get(s.url, `/api/v1/agents/${agent.id}`)).status).toBe(401);
    expect((await s.http('GET', `/agents/${agent.id}`, undefined, { account: 'acct-a' })).body.envKeys).not.toContain('FLYWHEEL_AGENT_TOKEN');
    expect((await s.http('DELETE', `/agents/${agent.id}`, undefined, { account: 'acct-a' })).status).toBe(200);
    await waitFor(async () => (await get(s.url, '/api/v1/auth/me', token)).status === 401, { what: 'the credential revoked' });
  });
});

describe('provider profiles (BYOA)', () => {
  it('hands the account’s active profile to its agents, never shows the secret, and records a rotation', async () => {
    const admin = { as: 'admin' as const };
    const first = await s.http(
      'POST',
      '/profiles',
      { accountId: 'acct-p', provider: 'anthropic', name: 'team key', env: { ANTHROPIC_API_KEY: SECRET }, priority: 1 },
      admin,
    );
    expect(first.status).toBe(201);
    const second = await s.http(
      'POST',
      '/profiles',
      { accountId: 'acct-p', provider: 'anthropic', name: 'spare', env: { ANTHROPIC_API_KEY: `${SECRET}-2` }, priority: 2 },
      admin,
    );
    const listed = await s.http('GET', '/profiles', undefined, { account: 'acct-p' });
    expect(listed.body.items.map((p: { id: string; envKeys: string[] }) => [p.id, p.envKeys])).toEqual(
      expect.arrayContaining([
        [first.body.id, ['ANTHROPIC_API_KEY']],
        [second.body.id, ['ANTHROPIC_API_KEY']],
      ]),
    );
    expect(JSON.stringify([first.body, second.body, listed.body])).not.toContain(SECRET);
    expect((await s.http('GET', '/profiles?accountId=acct-p', undefined, { account: 'acct-q' })).status).toBe(403);
    expect((await s.http('GET', '/profiles', undefined, { account: 'acct-q' })).body.items).toEqual([]);

    const agent = await spawnDumper('acct-p');
    expect(agent.env().ANTHROPIC_API_KEY).toBe(SECRET);
    expect((await s.http('GET', `/agents/${agent.id}`, undefined, { account: 'acct-p' })).body.profileId).toBe(first.body.id);

    const next = await request(s.nc, profileRpcs.rotate, {
      agentId: agent.id,
      accountId: 'acct-p',
      provider: 'anthropic',
      fromProfileId: first.body.id,
      reason: 'rate limited',
    });
    expect(next).toMatchObject({ profileId: second.body.id, env: { ANTHROPIC_API_KEY: `${SECRET}-2` } });
    const rotations = (await s.http('GET', '/profiles/rotations', undefined, { account: 'acct-p' })).body.items;
    expect(rotations[0]).toMatchObject({ agentId: agent.id, fromProfileId: first.body.id, toProfileId: second.body.id, reason: 'rate limited' });
  });

  it('refuses to start a gateway without FLYWHEEL_SECRETS_KEY once profiles exist', async () => {
    await expect(s.add({ name: 'gateway-api', id: 'gw-nokey', env: { FLYWHEEL_SECRETS_KEY: undefined } })).rejects.toThrow(/FLYWHEEL_SECRETS_KEY/);
  });
});
