import { and, desc, eq, type SQL } from 'drizzle-orm';
import { Delivery, type DeliveryQuery } from '@flywheel/contracts';
import { deliveries } from './schema.ts';
import { afterCursor, encodeCursor, keptRowIo, type OpsDb } from './ops-db.ts';

type Row = typeof deliveries.$inferSelect;

const toDelivery = (r: Row): Delivery => Delivery.parse(Object.fromEntries(Object.entries(r).filter(([, v]) => v !== null)));
const toRow = (d: Delivery): Row => ({
  ...d,
  endpointId: d.endpointId ?? null,
  lastError: d.lastError ?? null,
  lastStatus: d.lastStatus ?? null,
  nextAttemptAt: d.nextAttemptAt ?? null,
});

const FINAL = new Set(['delivered', 'failed', 'suppressed']);
/** Of two snapshots of one delivery, the further along: more attempts, then a final status, then the later update. */
export const furtherAlong = (a: Delivery, b: Delivery): Delivery =>
  a.attempts !== b.attempts
    ? a.attempts > b.attempts
      ? a
      : b
    : FINAL.has(a.status) !== FINAL.has(b.status)
      ? FINAL.has(a.status)
        ? a
        : b
      : a.updatedAt >= b.updatedAt
        ? a
        : b;

/** Notification deliveries as this instance has seen them. */
export function createDeliveriesRepo(db: OpsDb) {
  const rows = keptRowIo(db, deliveries);
  const get = (id: string): Delivery | undefined => {
    const row = rows.get(id);
    return row && toDelivery(row);
  };
  return {
    get,
    merge(d: Delivery): Delivery {
      return rows.transaction(() => {
        const have = get(d.id);
        const next = have ? furtherAlong(have, d) : d;
        rows.upsert(toRow(next));
        return next;
      });
    },
    /** Deliveries still to attempt (a new leader picks them up). */
    pending(): Delivery[] {
      return db.select().from(deliveries).where(eq(deliveries.status, 'pending')).all().map(toDelivery);
    },
    list(q: DeliveryQuery, onlyAccount?: string): { items: Delivery[]; nextCursor?: string } {
      const w: (SQL | undefined)[] = [afterCursor(q.cursor, deliveries.createdAt, deliveries.id)];
      if (q.alertId) w.push(eq(deliveries.alertId, q.alertId));
      if (q.status) w.push(eq(deliveries.status, q.status));
      if (q.channel) w.push(eq(deliveries.channel, q.channel));
      if (q.accountId) w.push(eq(deliveries.accountId, q.accountId));
      if (onlyAccount !== undefined) w.push(eq(deliveries.accountId, onlyAccount));
      const rows = db
        .select()
        .from(deliveries)
        .where(and(...w))
        .orderBy(desc(deliveries.createdAt), desc(deliveries.id))
        .limit(q.limit + 1)
        .all();
      const items = rows.slice(0, q.limit);
      const last = items.at(-1);
      return { items: items.map(toDelivery), ...(rows.length > q.limit && last ? { nextCursor: encodeCursor(last.createdAt, last.id) } : {}) };
    },
  };
}
export type DeliveriesRepo = ReturnType<typeof createDeliveriesRepo>;
