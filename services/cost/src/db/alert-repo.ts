/** The alert audit log (each threshold once per period, by a unique key) and the outbox. */
import type { CostDb } from './cost-db.ts';

export function createAlertRepo(db: CostDb) {
  const sqlite = db.$client;
  const insert = sqlite.prepare(`INSERT INTO budget_alerts (id, budget_id, period_start, kind, mark, payload_json, ts) VALUES (?,?,?,?,?,?,?)
    ON CONFLICT (budget_id, period_start, kind, mark) DO NOTHING`);
  const marks = sqlite.prepare('SELECT kind, mark FROM budget_alerts WHERE budget_id = ? AND period_start = ?');
  const enqueue = sqlite.prepare('INSERT INTO outbox (subject, msg_id, payload_json) VALUES (?,?,?)');
  const pending = sqlite.prepare('SELECT seq, subject, msg_id AS msgId, payload_json AS payloadJson FROM outbox ORDER BY seq LIMIT ?');
  const done = sqlite.prepare('DELETE FROM outbox WHERE seq = ?');
  return {
    /** True when this (budget, period, kind, mark) is new: only then is the alert raised. */
    insertOnce(a: { id: string; budgetId: string; periodStart: string; kind: string; mark: number; payload: unknown; ts: string }): boolean {
      return insert.run(a.id, a.budgetId, a.periodStart, a.kind, a.mark, JSON.stringify(a.payload), a.ts).changes > 0;
    },
    marks: (budgetId: string, periodStart: string) => marks.all(budgetId, periodStart) as { kind: string; mark: number }[],
    /** Newest first, up to `limit` of those `keep` accepts (a caller's visible ones). */
    list(budgetId: string | undefined, limit: number, keep: (alert: unknown) => boolean = () => true): unknown[] {
      const rows = budgetId
        ? sqlite.prepare('SELECT payload_json AS p FROM budget_alerts WHERE budget_id = ? ORDER BY ts DESC, id DESC').iterate(budgetId)
        : sqlite.prepare('SELECT payload_json AS p FROM budget_alerts ORDER BY ts DESC, id DESC').iterate();
      const out: unknown[] = [];
      for (const r of rows as IterableIterator<{ p: string }>) {
        const alert: unknown = JSON.parse(r.p);
        if (keep(alert)) out.push(alert);
        if (out.length >= limit) break;
      }
      return out;
    },
    enqueue: (subject: string, msgId: string, payload: unknown) => void enqueue.run(subject, msgId, JSON.stringify(payload)),
    pending: (limit: number) => pending.all(limit) as { seq: number; subject: string; msgId: string; payloadJson: string }[],
    done: (seq: number) => void done.run(seq),
  };
}
export type AlertRepo = ReturnType<typeof createAlertRepo>;
