import { sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** Last acknowledged cursor per client and ack-required channel. */
export const acks = sqliteTable('acks', {
  clientId: text('client_id').notNull(),
  channel: text('channel').notNull(),
  cursor: text('cursor').notNull(),
  updatedAt: text('updated_at').notNull(),
});
