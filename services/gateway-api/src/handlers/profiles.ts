import { AppError, limitedTo, type API } from '@flywheel/contracts';
import type { GroupHandlers, RouteContext } from '../http/bind-routes.ts';
import type { ProfileStore } from '../runtime/profile-store.ts';
import { actorBy, callContext } from './context.ts';

/** The account a request may look at: a limited caller only its own, an admin any (or all). */
function accountFor(c: RouteContext, asked: string | undefined): string | undefined {
  const only = limitedTo(callContext(c));
  if (only !== undefined && asked !== undefined && asked !== only) throw new AppError('FORBIDDEN', `profiles of account ${asked} belong to another account`);
  return only ?? asked;
}

/** /api/v1/profiles: provider profiles per account (BYOA). */
export function profileHandlers(profiles: ProfileStore): GroupHandlers<typeof API.profiles> {
  return {
    list: ({ query }, c) => ({ items: profiles.list(accountFor(c, query.accountId)) }),
    create: ({ body }, c) => profiles.create({ ...body, accountId: body.accountId ?? c.principal!.accountId }, actorBy(c)),
    update: ({ params, body }) => profiles.update(params.id, body),
    remove: async ({ params }) => (await profiles.remove(params.id), { deleted: true }),
    rotations: ({ query }, c) => ({ items: profiles.rotationsOf(accountFor(c, query.accountId)) }),
  };
}
