import { and, asc, eq, gt, or } from 'drizzle-orm';
import type { Checkpoint, CommandRecord } from '@flywheel/contracts';
import { decodeKeyCursor, encodeKeyCursor } from '../domain/cursor.ts';
import { checkpoints, commands } from './schema.ts';
import type { RunnerDb } from './runner-db.ts';

type Keyed = { id: string; createdAt: string };

function pageBy<T extends Keyed>(rows: T[], limit: number): { items: T[]; nextCursor?: string } {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? encodeKeyCursor(last.createdAt, last.id) : undefined };
}

/** Checkpoints and command history of this runner's agents. */
export function createHistoryRepo(db: RunnerDb) {
  const after = (t: typeof checkpoints | typeof commands, cursor?: string) => {
    if (!cursor) return undefined;
    const k = decodeKeyCursor(cursor);
    return or(gt(t.createdAt, k.createdAt), and(eq(t.createdAt, k.createdAt), gt(t.id, k.id)));
  };
  return {
    addCheckpoint(c: Checkpoint): void {
      db.insert(checkpoints)
        .values({ ...c, sessionId: c.sessionId ?? null, messageUuid: c.messageUuid ?? null })
        .run();
    },
    checkpoint(agentId: string, id: string): Checkpoint | undefined {
      const row = db
        .select()
        .from(checkpoints)
        .where(and(eq(checkpoints.agentId, agentId), eq(checkpoints.id, id)))
        .get();
      return row ? toCheckpoint(row) : undefined;
    },
    checkpoints(agentId: string, cursor: string | undefined, limit: number) {
      const rows = db
        .select()
        .from(checkpoints)
        .where(and(eq(checkpoints.agentId, agentId), after(checkpoints, cursor)))
        .orderBy(asc(checkpoints.createdAt), asc(checkpoints.id))
        .limit(limit + 1)
        .all();
      return pageBy(rows.map(toCheckpoint), limit);
    },
    addCommand(c: CommandRecord): void {
      db.insert(commands)
        .values({ ...c, message: c.message ?? null, actor: c.actor ?? null, requestId: c.requestId ?? null, error: c.error ?? null })
        .run();
    },
    commands(agentId: string, cursor: string | undefined, limit: number) {
      const rows = db
        .select()
        .from(commands)
        .where(and(eq(commands.agentId, agentId), after(commands, cursor)))
        .orderBy(asc(commands.createdAt), asc(commands.id))
        .limit(limit + 1)
        .all();
      return pageBy(rows.map(toCommand), limit);
    },
  };
}
export type HistoryRepo = ReturnType<typeof createHistoryRepo>;

function toCheckpoint(r: typeof checkpoints.$inferSelect): Checkpoint {
  return { ...r, sessionId: r.sessionId ?? undefined, messageUuid: r.messageUuid ?? undefined, reason: r.reason as Checkpoint['reason'] };
}

function toCommand(r: typeof commands.$inferSelect): CommandRecord {
  return {
    ...r,
    kind: r.kind as CommandRecord['kind'],
    outcome: r.outcome as CommandRecord['outcome'],
    message: r.message ?? undefined,
    actor: r.actor ?? undefined,
    requestId: r.requestId ?? undefined,
    error: (r.error as CommandRecord['error']) ?? undefined,
  };
}
