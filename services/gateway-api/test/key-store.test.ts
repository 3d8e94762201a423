import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectNats, openKv, type KV, type NatsConnection } from '@flywheel/kit';
import { startNats, testLogger, waitFor, type TestNats } from '@flywheel/kit/testing';
import { HASH_CACHE_SIZE, KeyStore } from '../src/runtime/key-store.ts';
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

  it('refuses a key revoked or rotated after it was verified (and its hash memoised) on both instances', async () => {
    const { a, b } = await pair();
    const { id, key } = await a.create({ accountId: 'acct-a', role: 'operator' });
    const other = await a.create({ accountId: 'acct-a', role: 'viewer' });
    await waitFor(() => b.verify(key) !== undefined && b.verify(other.key) !== undefined);
    expect(a.verify(key)).toMatchObject({ keyId: id });
    expect(a.verify(other.key)).toMatchObject({ keyId: other.id });
    await b.revoke(id);
    expect(b.verify(key)).toBeUndefined();
    await waitFor(() => a.verify(key) === undefined);
    const fresh = await a.rotate(other.id, 'ops/key_1');
    expect(a.verify(other.key)).toBeUndefined();
    await waitFor(() => b.verify(other.key) === undefined);
    expect(b.verify(fresh.key)).toMatchObject({ keyId: fresh.id });
    expect(a.verify(key)).toBeUndefined();
  });

  it('memoises the hashes of active keys only, at most HASH_CACHE_SIZE of them', async () => {
    const { a } = await pair();
    for (let i = 0; i < 2 * HASH_CACHE_SIZE; i++) expect(a.verify(`fwk_made-up-${i}-${'x'.repeat(1000)}`)).toBeUndefined();
    expect(a.memoisedHashes).toBe(0);
    const keys: string[] = [];
    for (let i = 0; i < HASH_CACHE_SIZE + 5; i++) keys.push((await a.create({ accountId: 'acct-a', role: 'viewer', key: `fwk_memo-${i}` })).key);
    for (const k of keys) expect(a.verify(k)).toMatchObject({ accountId: 'acct-a' });
    expect(a.memoisedHashes).toBe(HASH_CACHE_SIZE);
    // The first keys were pushed out of the memo and still verify (hashed again), and a revoked one is dropped.
    expect(a.verify(keys[0])).toMatchObject({ accountId: 'acct-a' });
    await a.revoke((a.verify(keys.at(-1)!) as { keyId: string }).keyId);
    expect(a.verify(keys.at(-1)!)).toBeUndefined();
    expect(a.memoisedHashes).toBe(HASH_CACHE_SIZE - 1);
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
