import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** Agents this runner owns; the process may be gone, the row stays truthful. */
export const agents = sqliteTable('agents', {
  id: text('id').primaryKey(),
  driver: text('driver').notNull(),
  state: text('state').notNull(),
  pid: integer('pid'),
  createdAt: text('created_at').notNull(),
  updatedAt: text('updated_at').notNull(),
});
