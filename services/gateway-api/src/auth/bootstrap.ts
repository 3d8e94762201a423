import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import type { Db, Logger } from '@flywheel/kit';
import { authSecrets } from '../db/schema.ts';
import { hashKey, type KeyStore } from './key-store.ts';
import { WsTokens } from './ws-tokens.ts';

const ENV_ADMIN_ID = 'key_env_admin';

/**
 * Makes sure someone can administer the gateway: FLYWHEEL_ADMIN_KEY, when set, is an admin key;
 * otherwise the first boot creates one and writes it to DATA_DIR/admin.key (mode 0600).
 */
export function ensureAdminKey(keys: KeyStore, o: { envKey?: string; account: string; dataDir: string; logger: Logger }): void {
  if (o.envKey) {
    const existing = keys.byId(ENV_ADMIN_ID);
    if (existing && existing.keyHash !== hashKey(o.envKey)) keys.revoke(ENV_ADMIN_ID);
    if (!existing || existing.keyHash !== hashKey(o.envKey)) keys.create(o.account, 'admin', o.envKey, existing ? `${ENV_ADMIN_ID}_${Date.now()}` : ENV_ADMIN_ID);
    o.logger.info('admin key taken from FLYWHEEL_ADMIN_KEY');
    return;
  }
  if (keys.hasActiveAdmin()) return;
  const { key } = keys.create(o.account, 'admin');
  const file = join(o.dataDir, 'admin.key');
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  o.logger.warn({ file }, `created the first admin API key; it is in ${file} (readable by this user only)`);
}

/** The ws-token signing secret, generated once per gateway database. */
export function wsTokenSecret(db: Db<{ authSecrets: typeof authSecrets }>): Buffer {
  const name = 'ws-token-hmac';
  const row = db.select().from(authSecrets).where(eq(authSecrets.name, name)).get();
  if (row) return Buffer.from(row.value, 'base64url');
  const value = WsTokens.newSecret();
  db.insert(authSecrets).values({ name, value, createdAt: new Date().toISOString() }).onConflictDoNothing().run();
  return wsTokenSecret(db);
}
