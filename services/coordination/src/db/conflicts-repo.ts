import { and, desc, eq, sql } from 'drizzle-orm';
import type { Conflict, ConflictType, Severity } from '@flywheel/contracts';
import { compact } from '../domain/compact.ts';
import { fingerprint, type ConflictDraft } from '../domain/conflict-facts.ts';
import { conflicts } from './schema.ts';
import type { CoordDb } from './coord-db.ts';
import { beforeCursor, pageOf } from './page.ts';

type Row = typeof conflicts.$inferSelect;
const SEVERITY: Severity[] = ['low', 'medium', 'high', 'critical'];

const toConflict = (r: Row): Conflict => {
  const { seq: _seq, fingerprint: _f, ...rest } = compact(r);
  return rest as Conflict;
};

export interface ConflictQuery {
  projectId?: string;
  agentId?: string;
  status: 'open' | 'resolved' | 'any';
  type?: ConflictType;
  accountId?: string;
  limit: number;
  cursor?: string;
}

/** Conflicts; a fact matching an open conflict's fingerprint counts again instead of adding a row. */
export function createConflictsRepo(db: CoordDb) {
  return {
    get(id: string): Conflict | undefined {
      const r = db.select().from(conflicts).where(eq(conflicts.id, id)).get();
      return r && toConflict(r);
    },
    /** Records the draft, or counts it on the open conflict with its fingerprint; says which. */
    record(d: ConflictDraft, id: string, at: string): { conflict: Conflict; recurred: boolean } {
      const fp = fingerprint(d);
      const open = db
        .select()
        .from(conflicts)
        .where(and(eq(conflicts.fingerprint, fp), eq(conflicts.status, 'open')))
        .get();
      if (open) {
        const severity = SEVERITY.indexOf(d.severity) > SEVERITY.indexOf(open.severity as Severity) ? d.severity : open.severity;
        db.update(conflicts)
          .set({ occurrences: open.occurrences + 1, lastSeenAt: at, evidence: { ...open.evidence, latest: d.evidence }, severity })
          .where(eq(conflicts.id, open.id))
          .run();
        return { conflict: this.get(open.id)!, recurred: true };
      }
      db.insert(conflicts)
        .values({ ...d, id, fingerprint: fp, status: 'open', occurrences: 1, detectedAt: at, lastSeenAt: at })
        .run();
      return { conflict: this.get(id)!, recurred: false };
    },
    /** The open conflict with the fingerprint of this draft, if any. */
    openLike(d: Pick<ConflictDraft, 'projectId' | 'type' | 'resource' | 'agents'>): Conflict | undefined {
      const r = db
        .select()
        .from(conflicts)
        .where(and(eq(conflicts.fingerprint, fingerprint(d)), eq(conflicts.status, 'open')))
        .get();
      return r && toConflict(r);
    },
    resolve(id: string, by: string | undefined, resolution: string, at: string): Conflict {
      db.update(conflicts)
        .set({ status: 'resolved', resolvedAt: at, resolvedBy: by ?? null, resolution })
        .where(eq(conflicts.id, id))
        .run();
      return this.get(id)!;
    },
    list(q: ConflictQuery) {
      const where = [
        q.projectId ? eq(conflicts.projectId, q.projectId) : undefined,
        q.agentId ? sql`exists (select 1 from json_each(${conflicts.agents}) where value = ${q.agentId})` : undefined,
        q.status !== 'any' ? eq(conflicts.status, q.status) : undefined,
        q.type ? eq(conflicts.type, q.type) : undefined,
        q.accountId !== undefined ? eq(conflicts.accountId, q.accountId) : undefined,
        beforeCursor(conflicts.seq, q.cursor),
      ];
      return pageOf(
        db
          .select()
          .from(conflicts)
          .where(and(...where))
          .orderBy(desc(conflicts.seq))
          .limit(q.limit + 1)
          .all(),
        q.limit,
        toConflict,
      );
    },
  };
}
export type ConflictsRepo = ReturnType<typeof createConflictsRepo>;
