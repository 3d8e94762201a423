CREATE TABLE `budget_alerts` (
	`id` text PRIMARY KEY NOT NULL,
	`budget_id` text NOT NULL,
	`period_start` text NOT NULL,
	`kind` text NOT NULL,
	`mark` integer NOT NULL,
	`payload_json` text NOT NULL,
	`ts` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `budget_alerts_once` ON `budget_alerts` (`budget_id`,`period_start`,`kind`,`mark`);--> statement-breakpoint
CREATE INDEX `budget_alerts_ts` ON `budget_alerts` (`ts`);--> statement-breakpoint
CREATE TABLE `budget_state` (
	`budget_id` text PRIMARY KEY NOT NULL,
	`paused` integer DEFAULT 0 NOT NULL,
	`paused_period_start` text,
	`epoch` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE `budgets` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text,
	`scope_kind` text NOT NULL,
	`scope_value` text,
	`max_budget` integer,
	`soft_budget` integer,
	`thresholds_json` text,
	`duration` text NOT NULL,
	`action` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `cost_rollup` (
	`hour_ms` integer NOT NULL,
	`account_id` text NOT NULL,
	`project_id` text NOT NULL,
	`agent_id` text NOT NULL,
	`model` text NOT NULL,
	`records` integer NOT NULL,
	`input_tokens` integer NOT NULL,
	`output_tokens` integer NOT NULL,
	`cache_read_tokens` integer NOT NULL,
	`cache_write_tokens` integer NOT NULL,
	`cost_micros` integer NOT NULL,
	PRIMARY KEY(`hour_ms`, `account_id`, `project_id`, `agent_id`, `model`)
);
--> statement-breakpoint
CREATE TABLE `outbox` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`subject` text NOT NULL,
	`msg_id` text NOT NULL,
	`payload_json` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `rate_cards` (
	`id` text NOT NULL,
	`version` text NOT NULL,
	`effective_from` text NOT NULL,
	`effective_ms` integer NOT NULL,
	`source` text NOT NULL,
	`prices_json` text NOT NULL,
	`models` integer NOT NULL,
	`imported_at` text NOT NULL,
	PRIMARY KEY(`id`, `version`)
);
--> statement-breakpoint
CREATE TABLE `recommendations` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`title` text NOT NULL,
	`saving_micros` integer NOT NULL,
	`evidence_json` text NOT NULL,
	`context_json` text NOT NULL,
	`scope_json` text NOT NULL,
	`status` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `usage_records` (
	`message_id` text PRIMARY KEY NOT NULL,
	`agent_id` text NOT NULL,
	`runner_id` text,
	`account_id` text,
	`project_id` text,
	`provider` text,
	`model` text NOT NULL,
	`matched_model` text,
	`match_kind` text NOT NULL,
	`input_tokens` integer NOT NULL,
	`output_tokens` integer NOT NULL,
	`cache_read_tokens` integer NOT NULL,
	`cache_write_5m_tokens` integer NOT NULL,
	`cache_write_1h_tokens` integer NOT NULL,
	`web_search_requests` integer DEFAULT 0 NOT NULL,
	`cost_micros` integer NOT NULL,
	`rate_card_id` text NOT NULL,
	`rate_card_version` text NOT NULL,
	`reported_cost_micros` integer,
	`reported_cost_scope` text,
	`divergent` integer DEFAULT 0 NOT NULL,
	`ts` text NOT NULL,
	`ts_ms` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `usage_records_ts` ON `usage_records` (`ts_ms`,`message_id`);--> statement-breakpoint
CREATE INDEX `usage_records_agent_ts` ON `usage_records` (`agent_id`,`ts_ms`);--> statement-breakpoint
CREATE INDEX `usage_records_turns` ON `usage_records` (`agent_id`,`model`,`ts_ms`) WHERE reported_cost_scope = 'turn';