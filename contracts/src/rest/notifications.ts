import { z } from 'zod';
import { AccountQuery, CreatedEndpoint, Delivery, DeliveryQuery, NewEndpoint, NotificationEndpoint, NotificationPrefs } from '../notifications.ts';
import { paged } from '../ids.ts';
import { routesOf } from './route.ts';

const route = routesOf('notifications');
const P = '/api/v1/notifications';

export const EndpointParams = z.object({ id: z.string().min(1).max(64) });
export const PrefsBody = NotificationPrefs.extend({ accountId: z.string().min(1).max(100).optional() });

/** /api/v1/notifications: where an account's alerts go (dashboard, webhook, Slack, ntfy), quiet hours, and what was delivered. */
export const notificationRoutes = {
  endpoints: route({
    method: 'GET',
    path: `${P}/endpoints`,
    summary: "An account's notification endpoints (never their secrets)",
    access: 'viewer',
    query: AccountQuery,
    reply: z.object({ items: z.array(NotificationEndpoint) }),
  }),
  endpointCreate: route({
    method: 'POST',
    path: `${P}/endpoints`,
    summary: 'Add a webhook, Slack or ntfy endpoint (a webhook signing secret is shown once, in this reply)',
    access: 'operator',
    body: NewEndpoint,
    reply: CreatedEndpoint,
    status: 201,
  }),
  endpointDelete: route({
    method: 'DELETE',
    path: `${P}/endpoints/:id`,
    summary: 'Remove an endpoint',
    access: 'operator',
    params: EndpointParams,
    reply: NotificationEndpoint,
    errors: ['NOT_FOUND'],
  }),
  preferences: route({
    method: 'GET',
    path: `${P}/preferences`,
    summary: "An account's notification preferences",
    access: 'viewer',
    query: AccountQuery,
    reply: NotificationPrefs,
  }),
  preferencesSet: route({
    method: 'PUT',
    path: `${P}/preferences`,
    summary: 'Set what reaches the dashboard and quiet hours',
    access: 'operator',
    body: PrefsBody,
    reply: NotificationPrefs,
  }),
  deliveries: route({
    method: 'GET',
    path: `${P}/deliveries`,
    summary: 'Notification deliveries with attempts and last error, newest first',
    access: 'viewer',
    query: DeliveryQuery,
    reply: paged(Delivery),
  }),
} as const;
