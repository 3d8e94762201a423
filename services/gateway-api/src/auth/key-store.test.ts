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
});
