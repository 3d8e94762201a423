import { and, eq, sql } from 'drizzle-orm';
import { acks } from './schema.ts';
import type { HubDb } from './hub-db.ts';

/** Acknowledged positions of ack-required families, per client. */
export function createAcksRepo(db: HubDb) {
  return {
    get(clientKey: string, family: string): number | undefined {
      const row = db
        .select({ seq: acks.seq })
        .from(acks)
        .where(and(eq(acks.clientKey, clientKey), eq(acks.family, family)))
        .get();
      return row?.seq;
    },
    /** Records the position of a first subscription, so later events are re-sent until acked. */
    start(clientKey: string, family: string, seq: number): void {
      db.insert(acks).values({ clientKey, family, seq, updatedAt: new Date().toISOString() }).onConflictDoNothing().run();
    },
    /** Moves the acknowledged position forward (never back). */
    ack(clientKey: string, family: string, seq: number): void {
      db.insert(acks)
        .values({ clientKey, family, seq, updatedAt: new Date().toISOString() })
        .onConflictDoUpdate({
          target: [acks.clientKey, acks.family],
          set: { seq: sql`max(${acks.seq}, excluded.seq)`, updatedAt: sql`excluded.updated_at` },
        })
        .run();
    },
  };
}
export type AcksRepo = ReturnType<typeof createAcksRepo>;
