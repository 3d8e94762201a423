import { AppError, type Principal } from '@flywheel/contracts';
import type { CallContext } from '@flywheel/kit';
import type { RouteContext } from '../http/bind-routes.ts';

/** What travels with a call to a service: the edge request id and who called (account, role, agent). */
export const callContext = (ctx: RouteContext): CallContext => ({
  requestId: ctx.requestId,
  accountId: ctx.principal?.accountId,
  role: ctx.principal?.role,
  agentId: ctx.principal?.agentId,
});

/** Who did it, for histories and audit: the API key that called (`account/keyId`). */
export const actorOf = (p?: Principal): string | undefined => (p ? `${p.accountId}/${p.keyId ?? p.role}` : undefined);

/** The caller of a route that changes something: always a key, since such routes need a role. */
export function actorBy(ctx: RouteContext): string {
  const actor = actorOf(ctx.principal);
  if (!actor) throw new AppError('UNAUTHORIZED', 'an API key is required: Authorization: Bearer <key>');
  return actor;
}
