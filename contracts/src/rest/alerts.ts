import { z } from 'zod';
import { Alert, AlertQuery, AlertRuleId, AlertRuleUpdate, AlertRuleView } from '../alerts.ts';
import { paged } from '../ids.ts';
import { routesOf } from './route.ts';

const route = routesOf('alerts');
const P = '/api/v1/alerts';

export const AlertParams = z.object({ id: z.string().min(1).max(64) });
export const AlertRuleParams = z.object({ ruleId: AlertRuleId });

/** /api/v1/alerts: alerts (an account sees its own; admins all) and the rules that raise them. */
export const alertRoutes = {
  rules: route({
    method: 'GET',
    path: `${P}/rules`,
    summary: 'Alert rules and their settings',
    access: 'viewer',
    reply: z.object({ items: z.array(AlertRuleView) }),
  }),
  ruleUpdate: route({
    method: 'PUT',
    path: `${P}/rules/:ruleId`,
    summary: 'Enable, disable or tune a rule (threshold, window, cooldown, severity)',
    access: 'admin',
    params: AlertRuleParams,
    body: AlertRuleUpdate,
    reply: AlertRuleView,
  }),
  list: route({ method: 'GET', path: P, summary: 'Alerts, newest first (cursor-paginated)', access: 'viewer', query: AlertQuery, reply: paged(Alert) }),
  get: route({ method: 'GET', path: `${P}/:id`, summary: 'One alert', access: 'viewer', params: AlertParams, reply: Alert, errors: ['NOT_FOUND'] }),
  acknowledge: route({
    method: 'POST',
    path: `${P}/:id/acknowledge`,
    summary: 'Acknowledge an alert: someone is on it (it stays until resolved or dismissed)',
    access: 'operator',
    params: AlertParams,
    reply: Alert,
    errors: ['NOT_FOUND', 'CONFLICT'],
  }),
  dismiss: route({
    method: 'POST',
    path: `${P}/:id/dismiss`,
    summary: 'Dismiss an alert; the rule stays quiet for this subject until its cooldown ends',
    access: 'operator',
    params: AlertParams,
    reply: Alert,
    errors: ['NOT_FOUND', 'CONFLICT'],
  }),
} as const;
