import { z } from 'zod';
import { Cursor, IsoTime } from './ids.ts';
import { defineEvent } from './descriptors.ts';
import { AlertRuleId, AlertSeverity } from './alerts.ts';

/** Where a notification goes: the dashboard (`user:notifications:<account>`), or an endpoint the account configured. */
export const NotificationChannel = z.enum(['in_app', 'webhook', 'slack', 'ntfy']);
export type NotificationChannel = z.infer<typeof NotificationChannel>;

export const EndpointKind = NotificationChannel.exclude(['in_app']);
export type EndpointKind = z.infer<typeof EndpointKind>;

/** Which alerts a channel takes: these rules (all when absent) at or above this severity. */
export const AlertFilter = z.object({
  rules: z.array(AlertRuleId).max(20).optional(),
  minSeverity: AlertSeverity.default('info'),
});

/** A configured destination; a webhook's signing secret is shown once, when it is made. */
export const NotificationEndpoint = AlertFilter.extend({
  id: z.string(),
  accountId: z.string().max(100),
  kind: EndpointKind,
  name: z.string().max(100).optional(),
  url: z.string().url().max(2000),
  createdAt: IsoTime,
  createdBy: z.string().max(200).optional(),
});
export type NotificationEndpoint = z.infer<typeof NotificationEndpoint>;

export const NewEndpoint = AlertFilter.extend({
  kind: EndpointKind,
  name: z.string().min(1).max(100).optional(),
  url: z
    .string()
    .url()
    .max(2000)
    .refine((u) => /^https?:\/\//.test(u), 'must be an http(s) URL'),
  /** Admins may make one for another account; others make them for their own. */
  accountId: z.string().min(1).max(100).optional(),
});
export type NewEndpoint = z.infer<typeof NewEndpoint>;

/** A webhook's secret (HMAC-SHA256 key) comes back in this reply only. */
export const CreatedEndpoint = NotificationEndpoint.extend({ secret: z.string().optional() });
export type CreatedEndpoint = z.infer<typeof CreatedEndpoint>;

const HHMM = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM');

/** Outside these hours external channels stay quiet, except what the two switches let through. */
export const QuietHours = z.object({
  timeZone: z
    .string()
    .min(1)
    .max(64)
    .refine((tz) => {
      try {
        new Intl.DateTimeFormat('en-US', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, 'unknown time zone'),
  from: HHMM,
  to: HHMM,
  allowCritical: z.boolean().default(true),
  allowApprovals: z.boolean().default(true),
});
export type QuietHours = z.infer<typeof QuietHours>;

/** One account's preferences: what reaches the dashboard, and quiet hours for the endpoints. */
export const NotificationPrefs = z.object({
  inApp: AlertFilter.extend({ enabled: z.boolean().default(true) }).default({ enabled: true, minSeverity: 'info' }),
  quietHours: QuietHours.nullable().default(null),
});
export type NotificationPrefs = z.infer<typeof NotificationPrefs>;
export type NotificationPrefsInput = z.input<typeof NotificationPrefs>;

export const AccountQuery = z.object({ accountId: z.string().min(1).max(100).optional() });

/** pending (queued or between retries) → delivered, failed (attempts exhausted or refused), or suppressed (quiet hours). */
export const DeliveryStatus = z.enum(['pending', 'delivered', 'failed', 'suppressed']);
export type DeliveryStatus = z.infer<typeof DeliveryStatus>;

export const Delivery = z.object({
  id: z.string().min(1).max(64),
  alertId: z.string(),
  accountId: z.string().max(100),
  channel: NotificationChannel,
  endpointId: z.string().optional(),
  status: DeliveryStatus,
  attempts: z.number().int().min(0),
  lastError: z.string().max(500).optional(),
  /** The destination's HTTP status of the last attempt. */
  lastStatus: z.number().int().optional(),
  nextAttemptAt: IsoTime.optional(),
  createdAt: IsoTime,
  updatedAt: IsoTime,
});
export type Delivery = z.infer<typeof Delivery>;

/** Delivery snapshots, published by whoever delivers and kept by every gateway instance. */
export const deliveryEvent = defineEvent({ subject: 'ops.deliveries', payload: Delivery, durable: true });

export const DeliveryQuery = z.object({
  alertId: z.string().max(64).optional(),
  status: DeliveryStatus.optional(),
  channel: NotificationChannel.optional(),
  accountId: z.string().max(100).optional(),
  cursor: Cursor.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});
export type DeliveryQuery = z.infer<typeof DeliveryQuery>;

/** What the dashboard receives on `user:notifications:<accountId>`. */
export const UserNotification = z.object({
  id: z.string(),
  kind: z.literal('alert'),
  alertId: z.string(),
  rule: AlertRuleId,
  severity: AlertSeverity,
  title: z.string(),
  subject: z.object({ kind: z.string(), id: z.string() }),
  ts: IsoTime,
});
export type UserNotification = z.infer<typeof UserNotification>;
export const userNotificationEvent = defineEvent({ subject: 'user.notifications.*', payload: UserNotification, durable: true });
