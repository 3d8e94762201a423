import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '@flywheel/kit';
import { acks } from './schema.ts';

type HubDb = Db<{ acks: typeof acks }>;

/** Acknowledged positions of ack-required families, per client. */
export class AcksRepo {
  constructor(private readonly db: HubDb) {}

  get(clientKey: string, family: string): number | undefined {
    const row = this.db.select({ seq: acks.seq }).from(acks).where(and(eq(acks.clientKey, clientKey), eq(acks.family, family))).get();
    return row?.seq;
  }

  /** Records the position of a first subscription, so later events are re-sent until acked. */
  start(clientKey: string, family: string, seq: number): void {
    this.db.insert(acks).values({ clientKey, family, seq, updatedAt: new Date().toISOString() }).onConflictDoNothing().run();
  }

  /** Moves the acknowledged position forward (never back). */
  ack(clientKey: string, family: string, seq: number): void {
    this.db
      .insert(acks)
      .values({ clientKey, family, seq, updatedAt: new Date().toISOString() })
      .onConflictDoUpdate({
        target: [acks.clientKey, acks.family],
        set: { seq: sql`max(${acks.seq}, excluded.seq)`, updatedAt: sql`excluded.updated_at` },
      })
      .run();
  }
}
