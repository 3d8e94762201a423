import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** File reservations held by agents. */
export const reservations = sqliteTable('reservations', {
  id: text('id').primaryKey(),
  agentId: text('agent_id').notNull(),
  pathPattern: text('path_pattern').notNull(),
  exclusive: integer('exclusive', { mode: 'boolean' }).notNull(),
  expiresAt: text('expires_at').notNull(),
});
