import { and, count, desc, eq, gte, lt, lte, type SQL } from 'drizzle-orm';
import type { DcgDecision, DcgStats, DecisionsQuery } from '@flywheel/contracts';
import { compact } from '../domain/compact.ts';
import { decisions } from './schema.ts';
import type { SafetyDb } from './safety-db.ts';

const toDecision = (row: typeof decisions.$inferSelect): DcgDecision => {
  const { seq: _seq, ...rest } = compact(row);
  return rest as DcgDecision;
};

/** Every field of a decision and its column (a record, so a field added to DcgDecision fails to compile here). */
const COLUMN_OF: Record<keyof DcgDecision, string> = {
  id: 'id',
  ts: 'ts',
  source: 'source',
  agentId: 'agent_id',
  accountId: 'account_id',
  projectId: 'project_id',
  tool: 'tool',
  command: 'command',
  decision: 'decision',
  ruleAction: 'rule_action',
  ruleId: 'rule_id',
  packId: 'pack_id',
  severity: 'severity',
  reason: 'reason',
  safeAlternative: 'safe_alternative',
  shortCode: 'short_code',
  exceptionId: 'exception_id',
  allowlistId: 'allowlist_id',
  durationUs: 'duration_us',
};
const INSERT_COLUMNS = Object.entries(COLUMN_OF) as [keyof DcgDecision, string][];

type CountColumn = typeof decisions.ruleId | typeof decisions.agentId | typeof decisions.decision;

/** Every guard decision, newest first by seq. */
export function createDecisionsRepo(db: SafetyDb) {
  // The guard stores one decision per tool call: a kept statement, not drizzle's builder (≈ 0.5 ms a call in the
  // hook path's profile). Columns as in schema.ts; absent fields are NULL as drizzle would store them.
  const insertStmt = db.$client.prepare(
    `INSERT INTO decisions (${INSERT_COLUMNS.map(([, c]) => c).join(', ')}) VALUES (${INSERT_COLUMNS.map(() => '?').join(', ')})`,
  );
  // A decision handed over by the gateway may be delivered again (after a crash before its ack): stored once.
  const insertOnceStmt = db.$client.prepare(
    `INSERT OR IGNORE INTO decisions (${INSERT_COLUMNS.map(([, c]) => c).join(', ')}) VALUES (${INSERT_COLUMNS.map(() => '?').join(', ')})`,
  );
  const countBy = (column: CountColumn, where: SQL | undefined) =>
    db
      .select({ key: column, count: count() })
      .from(decisions)
      .where(where)
      .groupBy(column)
      .orderBy(desc(count()))
      .limit(500)
      .all()
      .map((r) => ({ key: r.key ?? '(none)', count: r.count }));
  return {
    insert(d: DcgDecision): void {
      insertStmt.run(INSERT_COLUMNS.map(([k]) => d[k] ?? null));
    },
    /** Stores a decision unless one with its id is stored already; true when it was new. */
    insertOnce(d: DcgDecision): boolean {
      return insertOnceStmt.run(INSERT_COLUMNS.map(([k]) => d[k] ?? null)).changes === 1;
    },
    /** Newest first; the cursor is the seq of the last item of the previous page. `account`: only that account's. */
    list(q: DecisionsQuery, account?: string): { items: DcgDecision[]; nextCursor?: string } {
      const where: SQL[] = [];
      if (account !== undefined) where.push(eq(decisions.accountId, account));
      if (q.agentId) where.push(eq(decisions.agentId, q.agentId));
      if (q.ruleId) where.push(eq(decisions.ruleId, q.ruleId));
      if (q.decision) where.push(eq(decisions.decision, q.decision));
      if (q.since) where.push(gte(decisions.ts, new Date(q.since).toISOString()));
      if (q.until) where.push(lte(decisions.ts, new Date(q.until).toISOString()));
      if (q.cursor) where.push(lt(decisions.seq, Number.parseInt(q.cursor, 10) || 0));
      const rows = db
        .select()
        .from(decisions)
        .where(and(...where))
        .orderBy(desc(decisions.seq))
        .limit(q.limit + 1)
        .all();
      const page = rows.slice(0, q.limit);
      return { items: page.map(toDecision), nextCursor: rows.length > q.limit ? String(page.at(-1)!.seq) : undefined };
    },
    /** Counts per decision, per rule and per agent (SQLite keeps the per-agent view; metrics stay bounded). */
    stats(q: { since?: string; until?: string }, account?: string): DcgStats {
      const parts: SQL[] = [];
      if (account !== undefined) parts.push(eq(decisions.accountId, account));
      if (q.since) parts.push(gte(decisions.ts, new Date(q.since).toISOString()));
      if (q.until) parts.push(lte(decisions.ts, new Date(q.until).toISOString()));
      const where = and(...parts);
      const total = db.select({ n: count() }).from(decisions).where(where).get()?.n ?? 0;
      return { total, byDecision: countBy(decisions.decision, where), byRule: countBy(decisions.ruleId, where), byAgent: countBy(decisions.agentId, where) };
    },
    /** Deletes decisions older than `before`; returns how many. */
    prune(before: Date): number {
      return db.delete(decisions).where(lt(decisions.ts, before.toISOString())).run().changes;
    },
  };
}
export type DecisionsRepo = ReturnType<typeof createDecisionsRepo>;
