import { and, asc, count, eq, gt, inArray, or } from 'drizzle-orm';
import type { AgentState } from '@flywheel/contracts';
import type { AgentRecord, NewAgent } from '../domain/agent-record.ts';
import { LIVE_STATES } from '../domain/lifecycle.ts';
import { decodeKeyCursor, encodeKeyCursor } from '../domain/cursor.ts';
import { agents } from './schema.ts';
import type { RunnerDb } from './runner-db.ts';

export function createAgentRepo(db: RunnerDb) {
  return {
    insert(agent: NewAgent): void {
      db.insert(agents).values(agent).run();
    },
    get(id: string): AgentRecord | undefined {
      return db.select().from(agents).where(eq(agents.id, id)).get();
    },
    update(id: string, patch: Partial<AgentRecord>): void {
      db.update(agents).set(patch).where(eq(agents.id, id)).run();
    },
    live(): AgentRecord[] {
      return db.select().from(agents).where(inArray(agents.state, LIVE_STATES)).all();
    },
    count(): number {
      return db.select({ n: count() }).from(agents).get()?.n ?? 0;
    },
    /** One page ordered by (createdAt, id); the cursor is the last row's key. */
    page(opts: { state?: AgentState; accountId?: string; cursor?: string; limit: number }): { rows: AgentRecord[]; nextCursor?: string } {
      const after = opts.cursor ? decodeKeyCursor(opts.cursor) : undefined;
      const where = and(
        opts.state ? eq(agents.state, opts.state) : undefined,
        opts.accountId !== undefined ? eq(agents.accountId, opts.accountId) : undefined,
        after ? or(gt(agents.createdAt, after.createdAt), and(eq(agents.createdAt, after.createdAt), gt(agents.id, after.id))) : undefined,
      );
      const rows = db
        .select()
        .from(agents)
        .where(where)
        .orderBy(asc(agents.createdAt), asc(agents.id))
        .limit(opts.limit + 1)
        .all();
      const more = rows.length > opts.limit;
      const page = rows.slice(0, opts.limit);
      const last = page.at(-1);
      return { rows: page, nextCursor: more && last ? encodeKeyCursor(last.createdAt, last.id) : undefined };
    },
  };
}
export type AgentRepo = ReturnType<typeof createAgentRepo>;
