import { AppError, canSeeAccount, limitedTo, type API, type Principal } from '@flywheel/contracts';
import type { GroupHandlers } from '../http/bind-routes.ts';
import type { AlertsRepo } from '../db/alerts-repo.ts';
import type { AlertEngine } from '../runtime/alert-engine.ts';
import type { OpsSettings } from '../runtime/ops-settings.ts';
import { actorBy } from './context.ts';

export interface AlertHandlerDeps {
  repo: AlertsRepo;
  engine: AlertEngine;
  settings: OpsSettings;
}

const scope = (p?: Principal) => ({ accountId: p?.accountId, role: p?.role });

/** /api/v1/alerts: an account sees and handles its own alerts; admins every alert, and the rules. */
export function alertHandlers(d: AlertHandlerDeps): GroupHandlers<typeof API.alerts> {
  const visible = (id: string, p?: Principal) => {
    const a = d.repo.get(id);
    if (!a) throw new AppError('NOT_FOUND', `no alert ${id}`);
    if (!canSeeAccount(scope(p), a.accountId)) throw new AppError('FORBIDDEN', `alert ${id} belongs to another account`);
    return a;
  };
  return {
    rules: () => ({ items: d.settings.rules() }),
    ruleUpdate: ({ params, body }) => d.settings.setRule(params.ruleId, body),
    list: ({ query }, c) => d.repo.list(query, limitedTo(scope(c.principal))),
    get: ({ params }, c) => visible(params.id, c.principal),
    acknowledge: ({ params }, c) => d.engine.setStatus(visible(params.id, c.principal).id, 'acknowledged', actorBy(c)),
    dismiss: ({ params }, c) => d.engine.setStatus(visible(params.id, c.principal).id, 'dismissed', actorBy(c)),
  };
}
