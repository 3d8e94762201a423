import { and, count, desc, eq, gte, lt, lte, type SQL } from 'drizzle-orm';
import type { DcgDecision, DcgStats, DecisionsQuery } from '@flywheel/contracts';
import { decisions } from './schema.ts';
import { compact, type SafetyDb } from './types.ts';

export function insertDecision(db: SafetyDb, d: DcgDecision): void {
  db.insert(decisions).values(d).run();
}

const toDecision = (row: typeof decisions.$inferSelect): DcgDecision => {
  const { seq: _seq, ...rest } = compact(row);
  return rest as DcgDecision;
};

/** Newest first; the cursor is the seq of the last item of the previous page. */
export function listDecisions(db: SafetyDb, q: DecisionsQuery): { items: DcgDecision[]; nextCursor?: string } {
  const where: SQL[] = [];
  if (q.agentId) where.push(eq(decisions.agentId, q.agentId));
  if (q.ruleId) where.push(eq(decisions.ruleId, q.ruleId));
  if (q.decision) where.push(eq(decisions.decision, q.decision));
  if (q.since) where.push(gte(decisions.ts, new Date(q.since).toISOString()));
  if (q.until) where.push(lte(decisions.ts, new Date(q.until).toISOString()));
  if (q.cursor) where.push(lt(decisions.seq, Number.parseInt(q.cursor, 10) || 0));
  const rows = db.select().from(decisions).where(and(...where)).orderBy(desc(decisions.seq)).limit(q.limit + 1).all();
  const page = rows.slice(0, q.limit);
  return { items: page.map(toDecision), nextCursor: rows.length > q.limit ? String(page.at(-1)!.seq) : undefined };
}

function countBy(db: SafetyDb, column: typeof decisions.ruleId | typeof decisions.agentId | typeof decisions.decision, where: SQL | undefined) {
  return db.select({ key: column, count: count() }).from(decisions).where(where).groupBy(column).orderBy(desc(count())).limit(500).all()
    .map((r) => ({ key: r.key ?? '(none)', count: r.count }));
}

/** Counts per decision, per rule and per agent (SQLite keeps the per-agent view; metrics stay bounded). */
export function decisionStats(db: SafetyDb, q: { since?: string; until?: string }): DcgStats {
  const parts: SQL[] = [];
  if (q.since) parts.push(gte(decisions.ts, new Date(q.since).toISOString()));
  if (q.until) parts.push(lte(decisions.ts, new Date(q.until).toISOString()));
  const where = and(...parts);
  const total = db.select({ n: count() }).from(decisions).where(where).get()?.n ?? 0;
  return { total, byDecision: countBy(db, decisions.decision, where), byRule: countBy(db, decisions.ruleId, where), byAgent: countBy(db, decisions.agentId, where) };
}

/** Deletes decisions older than `before`; returns how many. */
export function pruneDecisions(db: SafetyDb, before: Date): number {
  return db.delete(decisions).where(lt(decisions.ts, before.toISOString())).run().changes;
}
