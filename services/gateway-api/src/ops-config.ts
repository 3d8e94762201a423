import { z } from 'zod';
import { envList as list } from '@flywheel/kit';

/** Gateway settings for the audit log, alerts and notifications (merged into the gateway's config schema). */
export const OpsConfig = z.object({
  AUDIT_RETENTION_DAYS: z.coerce
    .number()
    .int()
    .min(1)
    .max(3650)
    .default(90)
    .describe('How long each gateway keeps audit records in its database (the OPS stream keeps 30 days)'),
  OPS_LEASE_MS: z.coerce
    .number()
    .int()
    .min(300)
    .max(600_000)
    .default(15_000)
    .describe('Leader lease of the gateway that evaluates alert rules and sends notifications; renewed every third of it'),
  ALERT_POLL_MS: z.coerce
    .number()
    .int()
    .min(100)
    .max(600_000)
    .default(15_000)
    .describe('How often the leader polls service health and its breakers for alerts'),
  NOTIFY_ALLOWED_HOSTS: list.describe(
    'Comma-separated hosts (host, host:port or *.domain) notification endpoints may point at; empty allows any (set it in production)',
  ),
  NOTIFY_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5000).describe('Timeout of one webhook, Slack or ntfy POST'),
  NOTIFY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(6).describe('Attempts per notification before it is marked failed'),
  NOTIFY_BACKOFF_MS: z.coerce
    .number()
    .int()
    .min(10)
    .max(600_000)
    .default(2000)
    .describe('Wait before the second attempt; doubled after each failure (capped at 5 minutes)'),
});
export type OpsConfig = z.infer<typeof OpsConfig>;
