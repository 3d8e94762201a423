import { createHash } from 'node:crypto';
import { SEVERITY_RANK, type Alert, type AlertRuleConfig, type AlertRuleId, type AlertSeverity, type AlertSubject } from '@flywheel/contracts';

/** Something a rule saw: an occurrence of its condition for one subject. */
export interface Trigger {
  rule: AlertRuleId;
  subject: AlertSubject;
  accountId?: string;
  at: string;
  /** What caused it (an event id, a decision id, a poll window): the same key always makes the same alert id. */
  key: string;
  title: string;
  details: Record<string, unknown>;
  severity?: AlertSeverity;
}

export type Decision = { kind: 'none' } | { kind: 'suppressed' } | { kind: 'opened'; alert: Alert } | { kind: 'repeated'; alert: Alert };

/** The same trigger on any gateway instance, before or after a leader change, makes the same id. */
export const alertIdFor = (t: Pick<Trigger, 'rule' | 'subject' | 'key'>): string =>
  `alr_${createHash('sha256').update(`${t.rule}\n${t.subject.kind}\n${t.subject.id}\n${t.key}`).digest('hex').slice(0, 24)}`;

const isLive = (a: Alert) => a.status === 'open' || a.status === 'acknowledged';
const later = (a: string, b: string) => (a > b ? a : b);
const maxSeverity = (a: AlertSeverity, b: AlertSeverity) => (SEVERITY_RANK[a] >= SEVERITY_RANK[b] ? a : b);

/**
 * What a trigger does: folds into the subject's live alert (count, lastAt), is held back by the cooldown
 * after the subject's last alert, or opens a new one.
 */
export function decide(t: Trigger, cfg: AlertRuleConfig, latest: Alert | undefined): Decision {
  if (!cfg.enabled) return { kind: 'none' };
  const severity = t.severity ?? cfg.severity;
  if (latest && isLive(latest)) {
    return {
      kind: 'repeated',
      alert: { ...latest, count: latest.count + 1, lastAt: later(latest.lastAt, t.at), severity: maxSeverity(latest.severity, severity), details: t.details },
    };
  }
  if (latest && Date.parse(t.at) - Date.parse(later(latest.lastAt, latest.statusAt)) < cfg.cooldownS * 1000) return { kind: 'suppressed' };
  const alert: Alert = {
    id: alertIdFor(t),
    rule: t.rule,
    severity,
    title: t.title,
    details: t.details,
    subject: t.subject,
    ...(t.accountId ? { accountId: t.accountId } : {}),
    firstAt: t.at,
    lastAt: t.at,
    count: 1,
    status: 'open',
    statusAt: t.at,
  };
  return { kind: 'opened', alert };
}

/** The subject's live alert resolved, or undefined when it has none. */
export function resolveAlert(latest: Alert | undefined, at: string): Alert | undefined {
  if (!latest || !isLive(latest)) return undefined;
  return { ...latest, status: 'resolved', statusAt: later(latest.statusAt, at), statusBy: 'system' };
}

const STATUS_RANK: Record<Alert['status'], number> = { open: 0, acknowledged: 1, resolved: 2, dismissed: 3 };

/**
 * Two snapshots of one alert → one, whatever order they arrive in: occurrences by highest count, status by
 * latest change. Every instance applying the same snapshots ends with the same alert.
 */
export function mergeAlert(a: Alert, b: Alert): Alert {
  const occ =
    a.count !== b.count
      ? a.count > b.count
        ? a
        : b
      : a.lastAt !== b.lastAt
        ? a.lastAt > b.lastAt
          ? a
          : b
        : JSON.stringify(a.details) >= JSON.stringify(b.details)
          ? a
          : b;
  const st = a.statusAt !== b.statusAt ? (a.statusAt > b.statusAt ? a : b) : STATUS_RANK[a.status] >= STATUS_RANK[b.status] ? a : b;
  return {
    ...occ,
    firstAt: a.firstAt < b.firstAt ? a.firstAt : b.firstAt,
    severity: maxSeverity(a.severity, b.severity),
    status: st.status,
    statusAt: st.statusAt,
    ...(st.statusBy ? { statusBy: st.statusBy } : { statusBy: undefined }),
    ...(a.ackedBy || b.ackedBy ? { ackedBy: st.ackedBy ?? a.ackedBy ?? b.ackedBy } : { ackedBy: undefined }),
  };
}

/** A person's status change (acknowledge, dismiss); CONFLICT-worthy changes answer undefined. */
export function setStatus(a: Alert, status: 'acknowledged' | 'dismissed', by: string, at: string): Alert | undefined {
  if (!isLive(a)) return undefined;
  if (status === 'acknowledged' && a.status === 'acknowledged') return a;
  return { ...a, status, statusAt: later(at, a.statusAt), statusBy: by, ...(status === 'acknowledged' ? { ackedBy: by } : {}) };
}
