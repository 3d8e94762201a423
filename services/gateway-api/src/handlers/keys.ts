import { AppError, type API } from '@flywheel/contracts';
import type { GroupHandlers } from '../http/bind-routes.ts';
import type { KeyStore } from '../runtime/key-store.ts';
import { actorBy } from './context.ts';

const DAY_MS = 86_400_000;

/** /api/v1/keys and /api/v1/auth/me, against the shared key store. */
export function keyHandlers(keys: KeyStore, now: () => number = Date.now): GroupHandlers<typeof API.keys> {
  return {
    list: ({ query }) => ({ items: keys.list(query) }),
    create: ({ body }, c) =>
      keys.create({
        accountId: body.accountId,
        role: body.role,
        name: body.name,
        createdBy: actorBy(c),
        expiresAt: body.expiresInDays ? new Date(now() + body.expiresInDays * DAY_MS).toISOString() : undefined,
      }),
    rotate: ({ params }, c) => keys.rotate(params.id, actorBy(c)),
    revoke: ({ params }) => keys.revoke(params.id),
    me: (_i, c) => {
      if (!c.principal) throw new AppError('UNAUTHORIZED', 'an API key is required: Authorization: Bearer <key>');
      const key = c.principal.keyId ? keys.info(c.principal.keyId) : undefined;
      return { principal: c.principal, ...(key ? { key } : {}) };
    },
  };
}
