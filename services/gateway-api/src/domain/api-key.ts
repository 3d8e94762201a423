import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { ApiKeyInfo, type Principal } from '@flywheel/contracts';

export const API_KEY_PREFIX = 'fwk_';
export const AGENT_KEY_PREFIX = 'fwa_';

/** A key as stored (in the shared KV bucket): only the SHA-256 of the secret. */
export const ApiKeyRecord = ApiKeyInfo.omit({ lastUsedAt: true, status: true }).extend({ keyHash: z.string().regex(/^[0-9a-f]{64}$/) });
export type ApiKeyRecord = z.infer<typeof ApiKeyRecord>;

export const hashKey = (key: string): string => createHash('sha256').update(key).digest('hex');

/** Constant-time equality of two hex hashes. */
export const sameHash = (a: string, b: string): boolean => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

export const newSecret = (prefix: string): string => `${prefix}${randomBytes(32).toString('base64url')}`;

export function keyStatus(r: ApiKeyRecord, now: number): ApiKeyInfo['status'] {
  if (r.revokedAt) return 'revoked';
  if (r.expiresAt && Date.parse(r.expiresAt) <= now) return 'expired';
  return 'active';
}

export function toKeyInfo(r: ApiKeyRecord, now: number, lastUsedAt?: string): ApiKeyInfo {
  const { keyHash: _secret, ...shown } = r;
  return { ...shown, ...(lastUsedAt ? { lastUsedAt } : {}), status: keyStatus(r, now) };
}

export const principalOf = (r: ApiKeyRecord): Principal => ({
  accountId: r.accountId,
  role: r.role,
  keyId: r.id,
  ...(r.agentId ? { agentId: r.agentId } : {}),
  ...(r.isolationRoot ? { isolationRoot: r.isolationRoot } : {}),
});
