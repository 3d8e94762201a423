import { and, desc, eq, gte, lt, lte, type SQL } from 'drizzle-orm';
import { AuditRecord, type AuditFilter } from '@flywheel/contracts';
import { auditRecords } from './schema.ts';
import { afterCursor, encodeCursor, type OpsDb } from './ops-db.ts';

type Row = typeof auditRecords.$inferSelect;

const toRecord = (r: Row): AuditRecord => AuditRecord.parse(Object.fromEntries(Object.entries(r).filter(([, v]) => v !== null)));

function where(f: AuditFilter): SQL[] {
  const w: SQL[] = [];
  if (f.accountId) w.push(eq(auditRecords.accountId, f.accountId));
  if (f.actor) w.push(eq(auditRecords.actor, f.actor));
  if (f.action) w.push(eq(auditRecords.action, f.action));
  if (f.route) w.push(eq(auditRecords.route, f.route));
  if (f.event) w.push(eq(auditRecords.event, f.event));
  if (f.outcome) w.push(eq(auditRecords.outcome, f.outcome));
  if (f.since) w.push(gte(auditRecords.ts, new Date(f.since).toISOString()));
  if (f.until) w.push(lte(auditRecords.ts, new Date(f.until).toISOString()));
  return w;
}

/** This instance's copy of the audit log; records arrive once or more (by id, the first wins). */
export function createAuditRepo(db: OpsDb) {
  return {
    /** True when the record was new here. */
    insert(r: AuditRecord): boolean {
      return db.insert(auditRecords).values(r).onConflictDoNothing().run().changes > 0;
    },
    /** Newest first, `limit` at a time. */
    list(f: AuditFilter, page: { cursor?: string; limit: number }): { items: AuditRecord[]; nextCursor?: string } {
      const cond = and(...where(f), afterCursor(page.cursor, auditRecords.ts, auditRecords.id));
      const rows = db
        .select()
        .from(auditRecords)
        .where(cond)
        .orderBy(desc(auditRecords.ts), desc(auditRecords.id))
        .limit(page.limit + 1)
        .all();
      const items = rows.slice(0, page.limit);
      const last = items.at(-1);
      return { items: items.map(toRecord), ...(rows.length > page.limit && last ? { nextCursor: encodeCursor(last.ts, last.id) } : {}) };
    },
    /** Deletes records older than `before`; returns how many. */
    prune(before: Date): number {
      return db.delete(auditRecords).where(lt(auditRecords.ts, before.toISOString())).run().changes;
    },
  };
}
export type AuditRepo = ReturnType<typeof createAuditRepo>;
