import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/** One row per model message; message_id (the provider's) makes ingest idempotent. */
export const usageRecords = sqliteTable(
  'usage_records',
  {
    messageId: text('message_id').primaryKey(),
    agentId: text('agent_id').notNull(),
    runnerId: text('runner_id'),
    accountId: text('account_id'),
    projectId: text('project_id'),
    provider: text('provider'),
    model: text('model').notNull(),
    matchedModel: text('matched_model'),
    matchKind: text('match_kind').notNull(),
    inputTokens: integer('input_tokens').notNull(),
    outputTokens: integer('output_tokens').notNull(),
    cacheReadTokens: integer('cache_read_tokens').notNull(),
    cacheWrite5mTokens: integer('cache_write_5m_tokens').notNull(),
    cacheWrite1hTokens: integer('cache_write_1h_tokens').notNull(),
    webSearchRequests: integer('web_search_requests').notNull().default(0),
    costMicros: integer('cost_micros').notNull(),
    rateCardId: text('rate_card_id').notNull(),
    rateCardVersion: text('rate_card_version').notNull(),
    reportedCostMicros: integer('reported_cost_micros'),
    reportedCostScope: text('reported_cost_scope'),
    /** 'message' | 'turn': how fine-grained the driver's record is (null on records from before it was sent). */
    granularity: text('granularity'),
    divergent: integer('divergent').notNull().default(0),
    ts: text('ts').notNull(),
    tsMs: integer('ts_ms').notNull(),
  },
  (t) => [
    index('usage_records_ts').on(t.tsMs, t.messageId),
    index('usage_records_agent_ts').on(t.agentId, t.tsMs),
    // Finds an agent's previous turn-scoped report (where the current turn starts) without a scan.
    index('usage_records_turns')
      .on(t.agentId, t.model, t.tsMs)
      .where(sql`reported_cost_scope = 'turn'`),
  ],
);

/** Per-hour totals maintained in the ingest transaction; analytics read these, not the records. */
export const costRollup = sqliteTable(
  'cost_rollup',
  {
    hourMs: integer('hour_ms').notNull(),
    accountId: text('account_id').notNull(),
    projectId: text('project_id').notNull(),
    agentId: text('agent_id').notNull(),
    model: text('model').notNull(),
    records: integer('records').notNull(),
    inputTokens: integer('input_tokens').notNull(),
    outputTokens: integer('output_tokens').notNull(),
    cacheReadTokens: integer('cache_read_tokens').notNull(),
    cacheWriteTokens: integer('cache_write_tokens').notNull(),
    costMicros: integer('cost_micros').notNull(),
  },
  (t) => [primaryKey({ columns: [t.hourMs, t.accountId, t.projectId, t.agentId, t.model] })],
);

/** Imported LiteLLM price files, one row per card version. */
export const rateCards = sqliteTable(
  'rate_cards',
  {
    id: text('id').notNull(),
    version: text('version').notNull(),
    effectiveFrom: text('effective_from').notNull(),
    effectiveMs: integer('effective_ms').notNull(),
    source: text('source').notNull(),
    pricesJson: text('prices_json').notNull(),
    models: integer('models').notNull(),
    importedAt: text('imported_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.id, t.version] })],
);

export const budgets = sqliteTable('budgets', {
  id: text('id').primaryKey(),
  name: text('name'),
  scopeKind: text('scope_kind').notNull(),
  scopeValue: text('scope_value'),
  maxBudget: integer('max_budget'),
  softBudget: integer('soft_budget'),
  thresholdsJson: text('thresholds_json'),
  duration: text('duration').notNull(),
  action: text('action').notNull(),
  createdAt: text('created_at').notNull(),
  updatedAt: text('updated_at').notNull(),
});

/** Enforcement state: `epoch` counts pause/resume transitions (it names their events). */
export const budgetState = sqliteTable('budget_state', {
  budgetId: text('budget_id').primaryKey(),
  paused: integer('paused').notNull().default(0),
  pausedPeriodStart: text('paused_period_start'),
  epoch: integer('epoch').notNull().default(0),
});

/** Audit log of alerts; the unique key makes each threshold alert once per period. */
export const budgetAlerts = sqliteTable(
  'budget_alerts',
  {
    id: text('id').primaryKey(),
    budgetId: text('budget_id').notNull(),
    periodStart: text('period_start').notNull(),
    kind: text('kind').notNull(),
    mark: integer('mark').notNull(),
    payloadJson: text('payload_json').notNull(),
    ts: text('ts').notNull(),
  },
  (t) => [uniqueIndex('budget_alerts_once').on(t.budgetId, t.periodStart, t.kind, t.mark), index('budget_alerts_ts').on(t.ts)],
);

/** Transactional outbox: events decided inside a DB transaction, published durably after it. */
export const outbox = sqliteTable('outbox', {
  seq: integer('seq').primaryKey({ autoIncrement: true }),
  subject: text('subject').notNull(),
  msgId: text('msg_id').notNull(),
  payloadJson: text('payload_json').notNull(),
});

export const recommendations = sqliteTable('recommendations', {
  id: text('id').primaryKey(),
  kind: text('kind').notNull(),
  title: text('title').notNull(),
  savingMicros: integer('saving_micros').notNull(),
  evidenceJson: text('evidence_json').notNull(),
  contextJson: text('context_json').notNull(),
  scopeJson: text('scope_json').notNull(),
  /** The one account the advice rests on; null for fleet-wide advice (admins only). */
  accountId: text('account_id'),
  status: text('status').notNull(),
  createdAt: text('created_at').notNull(),
  updatedAt: text('updated_at').notNull(),
});
