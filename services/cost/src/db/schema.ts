import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** One row per model message; message_id (the provider's) makes ingest idempotent. */
export const usageRecords = sqliteTable('usage_records', {
  messageId: text('message_id').primaryKey(),
  agentId: text('agent_id').notNull(),
  model: text('model').notNull(),
  costMicros: integer('cost_micros').notNull(),
  ts: text('ts').notNull(),
});
