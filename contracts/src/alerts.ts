import { z } from 'zod';
import { Cursor, IsoTime } from './ids.ts';
import { defineEvent } from './descriptors.ts';
import { BudgetAlert } from './cost-budgets.ts';

/** The rules the gateway evaluates (see docs/operations.md for what each watches). */
export const AlertRuleId = z.enum([
  'agent_stalled',
  'agent_failed',
  'approval_waiting',
  'budget',
  'guard_block_spike',
  'service_unavailable',
  'breaker_open',
  'autopilot_stuck',
  'agent_usage_limit',
]);
export type AlertRuleId = z.infer<typeof AlertRuleId>;

export const AlertSeverity = z.enum(['info', 'warning', 'critical']);
export type AlertSeverity = z.infer<typeof AlertSeverity>;

export const SEVERITY_RANK: Record<AlertSeverity, number> = { info: 1, warning: 2, critical: 3 };

/** open → acknowledged (someone is on it) → resolved (the condition cleared) or dismissed (by a person). */
export const AlertStatus = z.enum(['open', 'acknowledged', 'dismissed', 'resolved']);
export type AlertStatus = z.infer<typeof AlertStatus>;

/** What an alert is about. */
export const AlertSubject = z.object({
  kind: z.enum(['agent', 'exception', 'budget', 'service', 'breaker', 'global', 'project']),
  id: z.string().min(1).max(200),
});
export type AlertSubject = z.infer<typeof AlertSubject>;

export const Alert = z.object({
  id: z.string().min(1).max(64),
  rule: AlertRuleId,
  severity: AlertSeverity,
  title: z.string().max(500),
  details: z.record(z.string(), z.unknown()),
  subject: AlertSubject,
  /** The account it belongs to, when it belongs to one (its agent's, its budget's). */
  accountId: z.string().max(100).optional(),
  firstAt: IsoTime,
  lastAt: IsoTime,
  /** Occurrences folded into this alert while it was open. */
  count: z.number().int().min(1),
  status: AlertStatus,
  statusAt: IsoTime,
  statusBy: z.string().max(200).optional(),
  ackedBy: z.string().max(200).optional(),
});
export type Alert = z.infer<typeof Alert>;

/** An alert's latest snapshot on `system.alerts` (WS `system:alerts`), beside cost's budget alerts. */
export const AlertSnapshot = z.object({ source: z.literal('alerts'), accountId: z.string().max(100).optional(), alert: Alert });
export type AlertSnapshot = z.infer<typeof AlertSnapshot>;

/** Everything on `system.alerts`: cost's threshold crossings and the gateway's alert snapshots. */
export const SystemAlert = z.discriminatedUnion('source', [BudgetAlert, AlertSnapshot]);
export type SystemAlert = z.infer<typeof SystemAlert>;
export const systemAlertEvent = defineEvent({ subject: 'system.alerts', payload: SystemAlert, durable: true });

/** A rule's settings (admin). `threshold` and `windowS` mean what the rule says they mean. */
export const AlertRuleConfig = z.object({
  id: AlertRuleId,
  enabled: z.boolean(),
  severity: AlertSeverity,
  /** Seconds after an alert before the same rule may open another for the same subject. */
  cooldownS: z
    .number()
    .int()
    .min(0)
    .max(7 * 86_400),
  threshold: z.number().int().min(0).max(1_000_000).optional(),
  windowS: z.number().int().min(1).max(86_400).optional(),
});
export type AlertRuleConfig = z.infer<typeof AlertRuleConfig>;

export const AlertRuleView = AlertRuleConfig.extend({ description: z.string() });
export type AlertRuleView = z.infer<typeof AlertRuleView>;

export const AlertRuleUpdate = AlertRuleConfig.omit({ id: true }).partial();
export type AlertRuleUpdate = z.infer<typeof AlertRuleUpdate>;

export const AlertQuery = z.object({
  status: AlertStatus.optional(),
  rule: AlertRuleId.optional(),
  severity: AlertSeverity.optional(),
  accountId: z.string().max(100).optional(),
  since: IsoTime.optional(),
  cursor: Cursor.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});
export type AlertQuery = z.infer<typeof AlertQuery>;
