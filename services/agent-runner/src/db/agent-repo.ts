import { and, asc, count, eq, gt, inArray, or } from 'drizzle-orm';
import type { AgentInfo, AgentState } from '@flywheel/contracts';
import { LIVE_STATES } from '../domain/lifecycle.ts';
import { decodeKeyCursor, encodeKeyCursor } from '../domain/cursor.ts';
import { agents } from './schema.ts';
import type { RunnerDb } from './db.ts';

export type AgentRow = typeof agents.$inferSelect;

/** The API view of a row: env values stay inside the runner. */
export function toInfo(row: AgentRow, runnerId: string): AgentInfo {
  return {
    id: row.id,
    name: row.name,
    driver: row.driver as AgentInfo['driver'],
    state: row.state as AgentState,
    activity: row.activity as AgentInfo['activity'],
    stateReason: row.stateReason ?? undefined,
    runnerId,
    workingDirectory: row.workingDirectory,
    model: row.model ?? undefined,
    command: row.command ?? undefined,
    envKeys: Object.keys(row.env).sort(),
    accountId: row.accountId ?? undefined,
    projectId: row.projectId ?? undefined,
    pid: row.pid ?? undefined,
    sessionId: row.sessionId ?? undefined,
    messageCount: row.messageCount,
    lastSeq: row.lastSeq,
    attachCommand: row.attachCommand ?? undefined,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    lastActivityAt: row.lastActivityAt ?? undefined,
  };
}

export function createAgentRepo(db: RunnerDb) {
  return {
    insert(row: typeof agents.$inferInsert): void {
      db.insert(agents).values(row).run();
    },
    get(id: string): AgentRow | undefined {
      return db.select().from(agents).where(eq(agents.id, id)).get();
    },
    update(id: string, patch: Partial<AgentRow>): void {
      db.update(agents).set(patch).where(eq(agents.id, id)).run();
    },
    live(): AgentRow[] {
      return db.select().from(agents).where(inArray(agents.state, LIVE_STATES)).all();
    },
    count(): number {
      return db.select({ n: count() }).from(agents).get()?.n ?? 0;
    },
    /** One page ordered by (createdAt, id); the cursor is the last row's key. */
    page(opts: { state?: AgentState; cursor?: string; limit: number }): { rows: AgentRow[]; nextCursor?: string } {
      const after = opts.cursor ? decodeKeyCursor(opts.cursor) : undefined;
      const where = and(
        opts.state ? eq(agents.state, opts.state) : undefined,
        after ? or(gt(agents.createdAt, after.createdAt), and(eq(agents.createdAt, after.createdAt), gt(agents.id, after.id))) : undefined,
      );
      const rows = db.select().from(agents).where(where).orderBy(asc(agents.createdAt), asc(agents.id)).limit(opts.limit + 1).all();
      const more = rows.length > opts.limit;
      const page = rows.slice(0, opts.limit);
      const last = page.at(-1);
      return { rows: page, nextCursor: more && last ? encodeKeyCursor(last.createdAt, last.id) : undefined };
    },
  };
}
export type AgentRepo = ReturnType<typeof createAgentRepo>;
