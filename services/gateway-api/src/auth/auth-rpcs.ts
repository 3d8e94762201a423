import { z } from 'zod';
import { defineRpc, Role, WsToken } from '@flywheel/contracts';

/**
 * Gateway-internal RPCs (served and called only by gateway-api): the REST routes reach the key
 * store through these, so route modules need nothing beyond their usual deps.
 */
export const issueWsTokenRpc = defineRpc({
  subject: 'svc.gateway-api.auth.ws-token',
  request: z.object({ credential: z.string().min(1).max(512) }),
  reply: WsToken,
  timeoutMs: 1000,
});

/** Creates an API key; only an admin credential may. The key is in the reply and nowhere else. */
export const createApiKeyRpc = defineRpc({
  subject: 'svc.gateway-api.auth.keys.create',
  request: z.object({ credential: z.string().min(1).max(512), accountId: z.string().regex(/^[A-Za-z0-9_-]{1,100}$/), role: Role }),
  reply: z.object({ id: z.string(), key: z.string(), accountId: z.string(), role: Role }),
  timeoutMs: 1000,
});

/** Revokes an API key (and with it every ws token issued for it); admin only. */
export const revokeApiKeyRpc = defineRpc({
  subject: 'svc.gateway-api.auth.keys.revoke',
  request: z.object({ credential: z.string().min(1).max(512), id: z.string().min(1).max(100) }),
  reply: z.object({ id: z.string(), revoked: z.boolean() }),
  timeoutMs: 1000,
});
