import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** API keys: only the SHA-256 of the key is stored. */
export const apiKeys = sqliteTable('api_keys', {
  id: text('id').primaryKey(),
  keyHash: text('key_hash').notNull().unique(),
  accountId: text('account_id').notNull(),
  role: text('role').notNull(),
  createdAt: text('created_at').notNull(),
  revokedAt: integer('revoked_at'),
});

/** Secrets the gateway generates once and keeps (e.g. the ws-token signing key). */
export const authSecrets = sqliteTable('auth_secrets', {
  name: text('name').primaryKey(),
  value: text('value').notNull(),
  createdAt: text('created_at').notNull(),
});
