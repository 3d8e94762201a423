import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openDb } from '@flywheel/kit';
import * as schema from '../db/schema.ts';
import { hashKey, KeyStore } from './key-store.ts';

const MIGRATIONS = fileURLToPath(new URL('../../drizzle', import.meta.url));
const store = () => {
  const db = openDb(':memory:', { schema, migrationsFolder: MIGRATIONS });
  return { db, keys: new KeyStore(db) };
};

describe('KeyStore', () => {
  it('stores only the SHA-256 of a key and resolves the key to its principal', () => {
    const { db, keys } = store();
    const { id, key } = keys.create('acct-a', 'viewer');
    const row = db.select().from(schema.apiKeys).get()!;
    expect(row.keyHash).toBe(hashKey(key));
    expect(JSON.stringify(row)).not.toContain(key);
    expect(keys.verify(key)).toEqual({ accountId: 'acct-a', role: 'viewer', keyId: id });
  });

  it('forgets a revoked key', () => {
    const { keys } = store();
    const { id, key } = keys.create('acct-a', 'operator');
    keys.revoke(id);
    expect(keys.verify(key)).toBeUndefined();
    expect(keys.isActive(id)).toBe(false);
  });

  it('accepts FLYWHEEL_ADMIN_KEY across boots and lets a new one replace the old', async () => {
    const { ensureAdminKey } = await import('./bootstrap.ts');
    const { testLogger } = await import('@flywheel/kit/testing');
    const { keys } = store();
    const boot = (envKey: string) => ensureAdminKey(keys, { envKey, account: 'ops', dataDir: '/nonexistent', logger: testLogger() });
    boot('first-admin-key-0123456789');
    boot('first-admin-key-0123456789');
    expect(keys.verify('first-admin-key-0123456789')?.role).toBe('admin');
    boot('second-admin-key-0123456789');
    expect(keys.verify('first-admin-key-0123456789')).toBeUndefined();
    expect(keys.verify('second-admin-key-0123456789')).toMatchObject({ accountId: 'ops', role: 'admin' });
  });
});
