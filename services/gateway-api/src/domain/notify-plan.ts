import { SEVERITY_RANK, type Alert, type AlertRuleId, type AlertSeverity, type NotificationChannel, type NotificationPrefs } from '@flywheel/contracts';
import { inQuietHours } from './quiet-hours.ts';

interface Filter {
  rules?: AlertRuleId[];
  minSeverity: AlertSeverity;
}

/** An endpoint as the planner needs it. */
export interface EndpointRef extends Filter {
  id: string;
  kind: Exclude<NotificationChannel, 'in_app'>;
}

export interface Recipient {
  accountId: string;
  prefs: NotificationPrefs;
  endpoints: EndpointRef[];
}

export interface PlannedDelivery {
  accountId: string;
  channel: NotificationChannel;
  endpointId?: string;
  /** Held back by quiet hours: recorded, not sent. */
  suppressed: boolean;
}

const takes = (f: Filter, a: Alert) => (!f.rules || f.rules.includes(a.rule)) && SEVERITY_RANK[a.severity] >= SEVERITY_RANK[f.minSeverity];

/** Quiet hours hold back external channels, except critical alerts and approvals when the account lets them through. */
function quiet(prefs: NotificationPrefs, a: Alert, at: Date): boolean {
  const q = prefs.quietHours;
  if (!q || !inQuietHours(q, at)) return false;
  if (q.allowCritical && a.severity === 'critical') return false;
  if (q.allowApprovals && a.rule === 'approval_waiting') return false;
  return true;
}

/** Who hears about an alert, on which channels: the dashboard per preferences, and every endpoint whose filter takes it. */
export function planDeliveries(a: Alert, recipients: Recipient[], at: Date): PlannedDelivery[] {
  const out: PlannedDelivery[] = [];
  for (const r of recipients) {
    if (r.prefs.inApp.enabled && takes(r.prefs.inApp, a)) out.push({ accountId: r.accountId, channel: 'in_app', suppressed: false });
    const hush = quiet(r.prefs, a, at);
    for (const e of r.endpoints) if (takes(e, a)) out.push({ accountId: r.accountId, channel: e.kind, endpointId: e.id, suppressed: hush });
  }
  return out;
}
