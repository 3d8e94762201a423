import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** Every guard decision, secrets redacted. */
export const decisions = sqliteTable('decisions', {
  id: text('id').primaryKey(),
  command: text('command').notNull(),
  decision: text('decision').notNull(),
  ruleId: text('rule_id'),
  agentId: text('agent_id'),
  ts: text('ts').notNull(),
});
