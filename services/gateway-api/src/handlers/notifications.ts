import { randomBytes } from 'node:crypto';
import { AppError, limitedTo, newId, type API, type CreatedEndpoint } from '@flywheel/contracts';
import type { GroupHandlers, RouteContext } from '../http/bind-routes.ts';
import type { DeliveriesRepo } from '../db/deliveries-repo.ts';
import type { OpsSettings, StoredEndpoint } from '../runtime/ops-settings.ts';
import { hostAllowed } from '../domain/host-allowlist.ts';
import { actorBy } from './context.ts';

export interface NotificationHandlerDeps {
  settings: OpsSettings;
  deliveries: DeliveriesRepo;
  allowedHosts: readonly string[];
}

const scopeOf = (c: RouteContext) => ({ accountId: c.principal?.accountId, role: c.principal?.role });

/** The account a request acts on: the caller's own, or (admins only) the one it names. */
function accountFor(c: RouteContext, named?: string): string {
  const only = limitedTo(scopeOf(c));
  if (only !== undefined && named !== undefined && named !== only) throw new AppError('FORBIDDEN', 'only an admin may act for another account');
  return named ?? c.principal?.accountId ?? '';
}

const hideSecret = ({ secret: _s, ...e }: StoredEndpoint) => e;

/** /api/v1/notifications: endpoints, preferences and deliveries of the caller's account. */
export function notificationHandlers(d: NotificationHandlerDeps): GroupHandlers<typeof API.notifications> {
  return {
    endpoints: ({ query }, c) => ({ items: d.settings.endpoints(accountFor(c, query.accountId)).map(hideSecret) }),
    async endpointCreate({ body }, c): Promise<CreatedEndpoint> {
      const accountId = accountFor(c, body.accountId);
      if (!hostAllowed(body.url, d.allowedHosts))
        throw new AppError('BAD_REQUEST', `${new URL(body.url).host} is not an allowed notification host (NOTIFY_ALLOWED_HOSTS)`);
      const e: StoredEndpoint = {
        id: newId('ntf'),
        accountId,
        kind: body.kind,
        url: body.url,
        minSeverity: body.minSeverity,
        createdAt: new Date().toISOString(),
        createdBy: actorBy(c),
        ...(body.name ? { name: body.name } : {}),
        ...(body.rules ? { rules: body.rules } : {}),
        ...(body.kind === 'webhook' ? { secret: `whsec_${randomBytes(24).toString('base64url')}` } : {}),
      };
      await d.settings.putEndpoint(e);
      return e;
    },
    async endpointDelete({ params }, c) {
      const e = d.settings.endpoint(params.id);
      if (!e) throw new AppError('NOT_FOUND', `no endpoint ${params.id}`);
      accountFor(c, e.accountId);
      await d.settings.deleteEndpoint(e.id);
      return hideSecret(e);
    },
    preferences: ({ query }, c) => d.settings.prefs(accountFor(c, query.accountId)),
    preferencesSet: ({ body: { accountId, ...prefs } }, c) => d.settings.setPrefs(accountFor(c, accountId), prefs),
    deliveries: ({ query }, c) => d.deliveries.list(query, limitedTo(scopeOf(c))),
  };
}
