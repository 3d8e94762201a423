import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KV, Logger } from '@flywheel/kit';
import { hashKey } from '../domain/api-key.ts';
import type { LegacyAuthRepo } from '../db/legacy-auth-repo.ts';
import type { KeyStore } from './key-store.ts';
import { WsTokens } from './ws-tokens.ts';

const ENV_ADMIN_PREFIX = 'env-admin-';

/**
 * Makes sure someone can administer the gateway: FLYWHEEL_ADMIN_KEY, when set, is an admin key;
 * otherwise the first boot creates one and writes it to DATA_DIR/admin.key (mode 0600).
 */
export async function ensureAdminKey(keys: KeyStore, o: { envKey?: string; account: string; dataDir: string; logger: Logger }): Promise<void> {
  if (o.envKey) {
    // A new FLYWHEEL_ADMIN_KEY replaces the previous one; a key an admin revoked stays revoked.
    const id = `${ENV_ADMIN_PREFIX}${hashKey(o.envKey).slice(0, 16)}`;
    if (!keys.get(id)) await keys.create({ accountId: o.account, role: 'admin', key: o.envKey, id, name: 'FLYWHEEL_ADMIN_KEY' });
    await keys.revokeOthers(ENV_ADMIN_PREFIX, id);
    if (keys.verify(o.envKey)) o.logger.info('admin key taken from FLYWHEEL_ADMIN_KEY');
    else o.logger.error('FLYWHEEL_ADMIN_KEY was revoked and is not accepted');
    return;
  }
  if (keys.hasActiveAdmin()) return;
  const { key } = await keys.create({ accountId: o.account, role: 'admin', name: 'first admin' });
  const file = join(o.dataDir, 'admin.key');
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  o.logger.warn({ file }, `created the first admin API key; it is in ${file} (readable by this user only)`);
}

/** Keys made before keys lived in the shared bucket are carried over once, so upgraded installs keep working. */
export async function migrateLegacyKeys(keys: KeyStore, legacy: LegacyAuthRepo, logger: Logger): Promise<void> {
  if (keys.list().length) return;
  const rows = legacy.keys();
  for (const r of rows) {
    await keys.create({ id: r.id, keyHash: r.keyHash, accountId: r.accountId, role: r.role, createdAt: r.createdAt, key: '' });
    if (r.revokedAt) await keys.revoke(r.id);
  }
  if (rows.length) logger.info({ keys: rows.length }, 'carried API keys over from the gateway database to the shared key bucket');
}

/** The ws-token signing secret, shared by every gateway instance through the bucket (created once). */
export async function wsTokenSecret(kv: KV, legacy: LegacyAuthRepo): Promise<Buffer> {
  const name = 'secret.ws-token';
  const found = await kv.get(name);
  if (found?.operation === 'PUT') return Buffer.from(found.string(), 'base64url');
  await kv.create(name, legacy.secret('ws-token-hmac') ?? WsTokens.newSecret()).catch(() => undefined);
  return wsTokenSecret(kv, legacy);
}
