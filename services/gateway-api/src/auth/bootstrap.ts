import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import type { Db, Logger } from '@flywheel/kit';
import { authSecrets } from '../db/schema.ts';
import { hashKey, type KeyStore } from './key-store.ts';
import { WsTokens } from './ws-tokens.ts';

const ENV_ADMIN_PREFIX = 'env-admin-'; // no LIKE wildcards in it

/**
 * Makes sure someone can administer the gateway: FLYWHEEL_ADMIN_KEY, when set, is an admin key;
 * otherwise the first boot creates one and writes it to DATA_DIR/admin.key (mode 0600).
 */
export function ensureAdminKey(keys: KeyStore, o: { envKey?: string; account: string; dataDir: string; logger: Logger }): void {
  if (o.envKey) {
    // A new FLYWHEEL_ADMIN_KEY replaces the previous one; a key an admin revoked stays revoked.
    const id = `${ENV_ADMIN_PREFIX}${hashKey(o.envKey).slice(0, 16)}`;
    if (!keys.byId(id)) keys.create(o.account, 'admin', o.envKey, id);
    keys.revokeOthers(ENV_ADMIN_PREFIX, id);
    if (keys.verify(o.envKey)) o.logger.info('admin key taken from FLYWHEEL_ADMIN_KEY');
    else o.logger.error('FLYWHEEL_ADMIN_KEY was revoked and is not accepted');
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
