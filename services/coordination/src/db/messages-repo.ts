import { and, desc, eq, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { InboxItem, Message } from '@flywheel/contracts';
import { compact } from '../domain/compact.ts';
import { messages, receipts } from './schema.ts';
import type { CoordDb } from './coord-db.ts';
import { beforeCursor, pageOf } from './page.ts';

type Row = typeof messages.$inferSelect;
type Receipt = typeof receipts.$inferSelect;

const toMessage = (r: Row): Message => {
  const { seq: _seq, fromAgent, toAgents, ...rest } = compact(r);
  return { ...rest, from: fromAgent, to: toAgents } as Message;
};
const toItem = (m: Row, rc?: Receipt): InboxItem => ({
  ...toMessage(m),
  ...(rc ? compact({ recipient: rc.agentId, readAt: rc.readAt, ackedAt: rc.ackedAt }) : {}),
});

export interface MessageQuery {
  projectId?: string;
  agentId?: string;
  threadId?: string;
  q?: string;
  unreadOnly: boolean;
  accountId?: string;
  limit: number;
  cursor?: string;
}

/** `%word%` with LIKE's wildcards escaped. */
const contains = (w: string) => `%${w.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

function search(q: string): SQL | undefined {
  const words = q.split(/\s+/).filter(Boolean).slice(0, 10);
  return and(...words.map((w) => or(sql`${messages.subject} like ${contains(w)} escape '\\'`, sql`${messages.body} like ${contains(w)} escape '\\'`)));
}

/** Messages and each recipient's inbox entry (read and ack state). */
export function createMessagesRepo(db: CoordDb) {
  return {
    insert(m: Message): void {
      const { from, to, ...rest } = m;
      const { seq } = db
        .insert(messages)
        .values({ ...rest, fromAgent: from, toAgents: to })
        .returning({ seq: messages.seq })
        .get();
      if (to.length)
        db.insert(receipts)
          .values(to.map((agentId) => ({ messageId: m.id, agentId, messageSeq: seq })))
          .run();
    },
    get(id: string): Message | undefined {
      const r = db.select().from(messages).where(eq(messages.id, id)).get();
      return r && toMessage(r);
    },
    item(id: string, agentId: string): InboxItem | undefined {
      const r = db
        .select()
        .from(messages)
        .innerJoin(receipts, eq(receipts.messageId, messages.id))
        .where(and(eq(messages.id, id), eq(receipts.agentId, agentId)))
        .get();
      return r && toItem(r.messages, r.message_receipts);
    },
    list(q: MessageQuery) {
      const where = [
        q.projectId ? eq(messages.projectId, q.projectId) : undefined,
        q.threadId ? eq(messages.threadId, q.threadId) : undefined,
        q.accountId !== undefined ? eq(messages.accountId, q.accountId) : undefined,
        q.q ? search(q.q) : undefined,
        beforeCursor(messages.seq, q.cursor),
      ];
      if (!q.agentId) {
        const rows = db
          .select()
          .from(messages)
          .where(and(...where))
          .orderBy(desc(messages.seq))
          .limit(q.limit + 1)
          .all();
        return pageOf(rows, q.limit, (r) => toItem(r));
      }
      const rows = db
        .select()
        .from(messages)
        .innerJoin(receipts, eq(receipts.messageId, messages.id))
        .where(and(eq(receipts.agentId, q.agentId), q.unreadOnly ? isNull(receipts.readAt) : undefined, ...where))
        .orderBy(desc(messages.seq))
        .limit(q.limit + 1)
        .all();
      return pageOf(
        rows.map((r) => ({ seq: r.messages.seq, r })),
        q.limit,
        ({ r }) => toItem(r.messages, r.message_receipts),
      );
    },
    /** Sets read (or acked, which implies read) for one recipient; false when it is not one. */
    mark(ids: string[], agentId: string, field: 'readAt' | 'ackedAt', at: string): void {
      if (!ids.length) return;
      const set = field === 'ackedAt' ? { ackedAt: at } : { readAt: at };
      db.update(receipts)
        .set(set)
        .where(and(inArray(receipts.messageId, ids), eq(receipts.agentId, agentId), isNull(receipts[field])))
        .run();
      if (field === 'ackedAt')
        db.update(receipts)
          .set({ readAt: at })
          .where(and(inArray(receipts.messageId, ids), eq(receipts.agentId, agentId), isNull(receipts.readAt)))
          .run();
    },
  };
}
export type MessagesRepo = ReturnType<typeof createMessagesRepo>;
