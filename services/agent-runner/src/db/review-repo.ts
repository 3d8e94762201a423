import { and, asc, eq, gt } from 'drizzle-orm';
import type { ReviewApproval, ReviewComment } from '@flywheel/contracts';
import { reviewApprovals, reviewComments } from './schema.ts';
import type { RunnerDb } from './runner-db.ts';

/** Review comments on worktree agents' diffs; ids are sortable, so the id is the page cursor. */
export function createReviewRepo(db: RunnerDb) {
  const toComment = (r: typeof reviewComments.$inferSelect): ReviewComment => ({
    id: r.id,
    agentId: r.agentId,
    file: r.file,
    startLine: r.startLine,
    endLine: r.endLine,
    body: r.body,
    quote: r.quote,
    author: r.author ?? undefined,
    commandId: r.commandId ?? undefined,
    createdAt: r.createdAt,
  });
  return {
    insert(c: ReviewComment): void {
      db.insert(reviewComments)
        .values({ ...c, author: c.author ?? null, commandId: c.commandId ?? null })
        .run();
    },
    setCommand(ids: string[], commandId: string): void {
      for (const id of ids) db.update(reviewComments).set({ commandId }).where(eq(reviewComments.id, id)).run();
    },
    page(agentId: string, cursor: string | undefined, limit: number): { items: ReviewComment[]; nextCursor?: string } {
      const rows = db
        .select()
        .from(reviewComments)
        .where(and(eq(reviewComments.agentId, agentId), cursor ? gt(reviewComments.id, cursor) : undefined))
        .orderBy(asc(reviewComments.id))
        .limit(limit + 1)
        .all();
      const items = rows.slice(0, limit).map(toComment);
      return { items, nextCursor: rows.length > limit ? items.at(-1)?.id : undefined };
    },
    approve(a: Omit<ReviewApproval, 'current'>): void {
      db.insert(reviewApprovals)
        .values({ id: a.id, agentId: a.agentId, by: a.by, tree: a.tree, note: a.note ?? null, createdAt: a.at })
        .run();
    },
    /** Every approval of the agent, oldest first (without `current`, which depends on the tree now). */
    approvals(agentId: string): Omit<ReviewApproval, 'current'>[] {
      return db
        .select()
        .from(reviewApprovals)
        .where(eq(reviewApprovals.agentId, agentId))
        .orderBy(asc(reviewApprovals.id))
        .all()
        .map((r) => ({ id: r.id, agentId: r.agentId, by: r.by, at: r.createdAt, tree: r.tree, note: r.note ?? undefined }));
    },
  };
}
export type ReviewRepo = ReturnType<typeof createReviewRepo>;
