import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectNats, openKv, type KV, type NatsConnection } from '@flywheel/kit';
import { startNats, testLogger, waitFor, type TestNats } from '@flywheel/kit/testing';
import { KeyStore } from '../src/runtime/key-store.ts';
import { ensureAdminKey } from '../src/runtime/bootstrap.ts';
import { hashKey } from '../src/domain/api-key.ts';

let nats: TestNats;
let nc: NatsConnection;
let bucket = 0;

beforeAll(async () => {
  nats = await startNats();
  nc = await connectNats({ url: nats.url, name: 'key-store-test', logger: testLogger() });
});
afterAll(async () => {
  await nc?.drain();
  await nats?.stop();
});

/** Two stores on one fresh bucket: two gateway instances sharing their keys. */
async function pair(now?: () => number): Promise<{ kv: KV; a: KeyStore; b: KeyStore }> {
  const kv = await openKv(nc, `keys-test-${++bucket}`);
  return { kv, a: await KeyStore.open(kv, testLogger(), now), b: await KeyStore.open(kv, testLogger(), now) };
}

describe('KeyStore', () => {
  it('stores only the SHA-256 of a key and resolves the key to its principal', async () => {
    const { kv, a } = await pair();
    const { id, key } = await a.create({ accountId: 'acct-a', role: 'viewer' });
    const stored = (await kv.get(`key.${id}`))!.string();
    expect(stored).toContain(hashKey(key));
    expect(stored).not.toContain(key);
    expect(a.verify(key)).toEqual({ accountId: 'acct-a', role: 'viewer', keyId: id });
    expect(a.verify(`${key}x`)).toBeUndefined();
  });

  it('shows a key made on one instance to the other, and a revocation on the other to the first', async () => {
    const { a, b } = await pair();
    const { id, key } = await a.create({ accountId: 'acct-a', role: 'operator' });
    await waitFor(() => b.verify(key) !== undefined);
    await b.revoke(id);
    await waitFor(() => a.verify(key) === undefined);
    expect(a.isActive(id)).toBe(false);
    expect(a.info(id)).toMatchObject({ status: 'revoked' });
  });

  it('refuses a key past its expiry', async () => {
    let t = Date.parse('2026-01-01T00:00:00Z');
    const { a } = await pair(() => t);
    const { key } = await a.create({ accountId: 'acct-a', role: 'viewer', expiresAt: '2026-01-02T00:00:00Z' });
    expect(a.verify(key)).toBeDefined();
    t = Date.parse('2026-01-02T00:00:00Z');
    expect(a.verify(key)).toBeUndefined();
    expect(a.list()[0].status).toBe('expired');
  });

  it('rotates a key: a new secret with the same account and role, the old one revoked', async () => {
    const { a } = await pair();
    const old = await a.create({ accountId: 'acct-a', role: 'operator', name: 'ci' });
    const fresh = await a.rotate(old.id, 'ops/key_1');
    expect(fresh).toMatchObject({ accountId: 'acct-a', role: 'operator', name: 'ci', status: 'active', createdBy: 'ops/key_1' });
    expect(a.verify(old.key)).toBeUndefined();
    expect(a.verify(fresh.key)).toMatchObject({ keyId: fresh.id });
  });

  it('mints one credential per agent that acts only as that agent, and revokes it', async () => {
    const { a } = await pair();
    const first = await a.mintAgent('agt_1', 'acct-a');
    const second = await a.mintAgent('agt_1', 'acct-a');
    expect(a.verify(first.key)).toBeUndefined();
    expect(a.verify(second.key)).toMatchObject({ accountId: 'acct-a', agentId: 'agt_1' });
    expect(await a.revokeAgent('agt_1')).toBe(1);
    expect(a.verify(second.key)).toBeUndefined();
  });

  it('accepts FLYWHEEL_ADMIN_KEY across boots and lets a new one replace the old', async () => {
    const { a } = await pair();
    const boot = (envKey: string) => ensureAdminKey(a, { envKey, account: 'ops', dataDir: '/nonexistent', logger: testLogger() });
    await boot('first-admin-key-0123456789');
    await boot('first-admin-key-0123456789');
    expect(a.verify('first-admin-key-0123456789')?.role).toBe('admin');
    await boot('second-admin-key-0123456789');
    expect(a.verify('first-admin-key-0123456789')).toBeUndefined();
    expect(a.verify('second-admin-key-0123456789')).toMatchObject({ accountId: 'ops', role: 'admin' });
  });

  it('records when a key was last used, shared through the bucket', async () => {
    const { a, b } = await pair();
    const { id, key } = await a.create({ accountId: 'acct-a', role: 'viewer' });
    a.verify(key);
    await waitFor(() => b.info(id)?.lastUsedAt !== undefined);
  });
});
