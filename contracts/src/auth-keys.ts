import { z } from 'zod';
import { IsoTime } from './ids.ts';
import { Principal, Role } from './auth.ts';

export const AccountId = z.string().regex(/^[A-Za-z0-9_-]{1,100}$/, 'must be 1-100 of [A-Za-z0-9_-]');

/** An API key as the API shows it: never the secret, which is only in the reply that creates it. */
export const ApiKeyInfo = z.object({
  id: z.string(),
  kind: z.enum(['user', 'agent']),
  accountId: z.string(),
  role: Role,
  name: z.string().optional(),
  /** For an agent credential: the one agent it may act as. */
  agentId: z.string().optional(),
  /** For a worktree agent's credential: the worktree its writes must stay in. */
  isolationRoot: z.string().optional(),
  createdAt: IsoTime,
  createdBy: z.string().optional(),
  expiresAt: IsoTime.optional(),
  lastUsedAt: IsoTime.optional(),
  revokedAt: IsoTime.optional(),
  status: z.enum(['active', 'revoked', 'expired']),
});
export type ApiKeyInfo = z.infer<typeof ApiKeyInfo>;

export const NewApiKey = z.object({
  accountId: AccountId,
  role: Role,
  name: z.string().trim().min(1).max(100).optional(),
  /** Lifetime in days; no expiry when absent. */
  expiresInDays: z.number().int().min(1).max(3650).optional(),
});
export type NewApiKey = z.infer<typeof NewApiKey>;

export const CreatedApiKey = ApiKeyInfo.extend({ key: z.string() });
export type CreatedApiKey = z.infer<typeof CreatedApiKey>;

export const KeysQuery = z.object({
  accountId: AccountId.optional(),
  kind: z.enum(['user', 'agent']).optional(),
  status: z.enum(['active', 'revoked', 'expired']).optional(),
});

export const KeyParams = z.object({ id: z.string().min(1).max(100) });

/** Who the caller is, for the dashboard: the principal and, for a key, its record. */
export const WhoAmI = z.object({ principal: Principal, key: ApiKeyInfo.optional() });
