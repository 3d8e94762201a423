import { createHash, randomBytes } from 'node:crypto';
import { and, eq, isNull, like, ne } from 'drizzle-orm';
import { newId, Role, type Principal } from '@flywheel/contracts';
import type { Db } from '@flywheel/kit';
import { apiKeys } from '../db/schema.ts';

type GatewayDb = Db<{ apiKeys: typeof apiKeys }>;

export const hashKey = (key: string): string => createHash('sha256').update(key).digest('hex');
export const API_KEY_PREFIX = 'fwk_';

/** API keys by SHA-256 hash; the key itself is shown once, at creation, and never stored. */
export class KeyStore {
  constructor(private readonly db: GatewayDb) {}

  create(accountId: string, role: Role, key = `${API_KEY_PREFIX}${randomBytes(32).toString('base64url')}`, id = newId('key')): { id: string; key: string } {
    this.db.insert(apiKeys).values({ id, keyHash: hashKey(key), accountId, role, createdAt: new Date().toISOString() }).run();
    return { id, key };
  }

  /** The principal of an active key, or undefined. */
  verify(key: string): Principal | undefined {
    const row = this.db.select().from(apiKeys).where(and(eq(apiKeys.keyHash, hashKey(key)), isNull(apiKeys.revokedAt))).get();
    const role = Role.safeParse(row?.role);
    return row && role.success ? { accountId: row.accountId, role: role.data, keyId: row.id } : undefined;
  }

  isActive(id: string): boolean {
    return !!this.db.select({ id: apiKeys.id }).from(apiKeys).where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt))).get();
  }

  hasActiveAdmin(): boolean {
    return !!this.db.select({ id: apiKeys.id }).from(apiKeys).where(and(eq(apiKeys.role, 'admin'), isNull(apiKeys.revokedAt))).get();
  }

  byId(id: string): { id: string; keyHash: string } | undefined {
    return this.db.select({ id: apiKeys.id, keyHash: apiKeys.keyHash }).from(apiKeys).where(eq(apiKeys.id, id)).get();
  }

  /** Revokes every active key whose id starts with `prefix` (which must not contain % or _), except `keepId`. */
  revokeOthers(prefix: string, keepId: string): void {
    this.db
      .update(apiKeys)
      .set({ revokedAt: Date.now() })
      .where(and(like(apiKeys.id, `${prefix}%`), ne(apiKeys.id, keepId), isNull(apiKeys.revokedAt)))
      .run();
  }

  revoke(id: string): void {
    this.db.update(apiKeys).set({ revokedAt: Date.now() }).where(eq(apiKeys.id, id)).run();
  }
}
