import { and, desc, eq, gte, type SQL } from 'drizzle-orm';
import { Alert, type AlertQuery, type AlertRuleId, type AlertSubject } from '@flywheel/contracts';
import { mergeAlert } from '../domain/alert-decide.ts';
import { alerts } from './schema.ts';
import { afterCursor, encodeCursor, keptRowIo, type OpsDb } from './ops-db.ts';

type Row = typeof alerts.$inferSelect;

const toAlert = ({ subjectKind, subjectId, ...r }: Row): Alert =>
  Alert.parse({ ...Object.fromEntries(Object.entries(r).filter(([, v]) => v !== null)), subject: { kind: subjectKind, id: subjectId } });

const toRow = ({ subject, ...a }: Alert): Row => ({
  ...a,
  subjectKind: subject.kind,
  subjectId: subject.id,
  accountId: a.accountId ?? null,
  statusBy: a.statusBy ?? null,
  ackedBy: a.ackedBy ?? null,
});

/** Alerts as this instance has seen them; every snapshot is merged, so arrival order does not matter. */
export function createAlertsRepo(db: OpsDb) {
  const rows = keptRowIo(db, alerts);
  const get = (id: string): Alert | undefined => {
    const row = rows.get(id);
    return row && toAlert(row);
  };
  return {
    get,
    /** Stores a snapshot merged with what is here; returns the result. */
    merge(a: Alert): Alert {
      return rows.transaction(() => {
        const have = get(a.id);
        const next = have ? mergeAlert(have, a) : a;
        rows.upsert(toRow(next));
        return next;
      });
    },
    /** The subject's most recent alert for a rule (live or not). */
    latest(rule: AlertRuleId, subject: AlertSubject): Alert | undefined {
      const row = db
        .select()
        .from(alerts)
        .where(and(eq(alerts.rule, rule), eq(alerts.subjectKind, subject.kind), eq(alerts.subjectId, subject.id)))
        .orderBy(desc(alerts.lastAt))
        .limit(1)
        .get();
      return row && toAlert(row);
    },
    /** Live alerts of a rule (for resolving those whose condition cleared). */
    live(rule: AlertRuleId): Alert[] {
      return db
        .select()
        .from(alerts)
        .where(and(eq(alerts.rule, rule)))
        .all()
        .map(toAlert)
        .filter((a) => a.status === 'open' || a.status === 'acknowledged');
    },
    /** Newest first by when they opened; `onlyAccount` limits a non-admin to their account's alerts. */
    list(q: AlertQuery, onlyAccount?: string): { items: Alert[]; nextCursor?: string } {
      const w: (SQL | undefined)[] = [afterCursor(q.cursor, alerts.firstAt, alerts.id)];
      if (q.status) w.push(eq(alerts.status, q.status));
      if (q.rule) w.push(eq(alerts.rule, q.rule));
      if (q.severity) w.push(eq(alerts.severity, q.severity));
      if (q.accountId) w.push(eq(alerts.accountId, q.accountId));
      if (onlyAccount !== undefined) w.push(eq(alerts.accountId, onlyAccount));
      if (q.since) w.push(gte(alerts.firstAt, new Date(q.since).toISOString()));
      const rows = db
        .select()
        .from(alerts)
        .where(and(...w))
        .orderBy(desc(alerts.firstAt), desc(alerts.id))
        .limit(q.limit + 1)
        .all();
      const items = rows.slice(0, q.limit);
      const last = items.at(-1);
      return { items: items.map(toAlert), ...(rows.length > q.limit && last ? { nextCursor: encodeCursor(last.firstAt, last.id) } : {}) };
    },
  };
}
export type AlertsRepo = ReturnType<typeof createAlertsRepo>;
