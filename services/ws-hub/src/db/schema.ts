import { integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** Highest acknowledged stream sequence per client and ack-required channel family. */
export const acks = sqliteTable(
  'acks',
  {
    clientKey: text('client_key').notNull(),
    family: text('family').notNull(),
    seq: integer('seq').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.clientKey, t.family] })],
);
