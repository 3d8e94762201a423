CREATE TABLE `agents` (
	`agent_id` text PRIMARY KEY NOT NULL,
	`name` text,
	`account_id` text,
	`project_id` text NOT NULL,
	`tree_root` text,
	`state` text NOT NULL,
	`last_seen_at` text NOT NULL,
	`ended_at` text
);
--> statement-breakpoint
CREATE INDEX `agents_project` ON `agents` (`project_id`);--> statement-breakpoint
CREATE INDEX `agents_tree` ON `agents` (`tree_root`);--> statement-breakpoint
CREATE TABLE `conflicts` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`id` text NOT NULL,
	`project_id` text NOT NULL,
	`type` text NOT NULL,
	`severity` text NOT NULL,
	`fingerprint` text NOT NULL,
	`agents` text NOT NULL,
	`resource` text NOT NULL,
	`evidence` text NOT NULL,
	`suggestions` text NOT NULL,
	`status` text NOT NULL,
	`occurrences` integer NOT NULL,
	`account_id` text,
	`detected_at` text NOT NULL,
	`last_seen_at` text NOT NULL,
	`resolved_at` text,
	`resolved_by` text,
	`resolution` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `conflicts_id_unique` ON `conflicts` (`id`);--> statement-breakpoint
CREATE INDEX `conflicts_project` ON `conflicts` (`project_id`,`seq`);--> statement-breakpoint
CREATE INDEX `conflicts_open` ON `conflicts` (`fingerprint`,`status`);--> statement-breakpoint
CREATE TABLE `handoffs` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`id` text NOT NULL,
	`project_id` text NOT NULL,
	`from_agent` text NOT NULL,
	`to_agent` text NOT NULL,
	`account_id` text,
	`phase` text NOT NULL,
	`context` text NOT NULL,
	`reservation_ids` text NOT NULL,
	`message_id` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`expires_at` text NOT NULL,
	`delivered_at` text,
	`delivery_attempts` integer DEFAULT 0 NOT NULL,
	`last_error` text,
	`trail` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `handoffs_id_unique` ON `handoffs` (`id`);--> statement-breakpoint
CREATE INDEX `handoffs_project` ON `handoffs` (`project_id`,`seq`);--> statement-breakpoint
CREATE INDEX `handoffs_phase` ON `handoffs` (`phase`);--> statement-breakpoint
CREATE TABLE `leases` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`id` text NOT NULL,
	`project_id` text NOT NULL,
	`agent_id` text NOT NULL,
	`account_id` text,
	`patterns` text NOT NULL,
	`mode` text NOT NULL,
	`reason` text,
	`status` text NOT NULL,
	`created_at` text NOT NULL,
	`expires_at` text NOT NULL,
	`renewed_at` text,
	`warned_at` text,
	`released_at` text,
	`release_reason` text,
	`released_by` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `leases_id_unique` ON `leases` (`id`);--> statement-breakpoint
CREATE INDEX `leases_project_status` ON `leases` (`project_id`,`status`);--> statement-breakpoint
CREATE INDEX `leases_agent_status` ON `leases` (`agent_id`,`status`);--> statement-breakpoint
CREATE INDEX `leases_expiry` ON `leases` (`status`,`expires_at`);--> statement-breakpoint
CREATE TABLE `messages` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`id` text NOT NULL,
	`project_id` text NOT NULL,
	`thread_id` text NOT NULL,
	`from_agent` text NOT NULL,
	`to_agents` text NOT NULL,
	`broadcast` integer NOT NULL,
	`subject` text NOT NULL,
	`body` text NOT NULL,
	`importance` text NOT NULL,
	`ack_required` integer NOT NULL,
	`account_id` text,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `messages_id_unique` ON `messages` (`id`);--> statement-breakpoint
CREATE INDEX `messages_project` ON `messages` (`project_id`,`seq`);--> statement-breakpoint
CREATE INDEX `messages_thread` ON `messages` (`thread_id`,`seq`);--> statement-breakpoint
CREATE TABLE `project_settings` (
	`project_id` text PRIMARY KEY NOT NULL,
	`grant_mode` text NOT NULL,
	`default_ttl_seconds` integer NOT NULL,
	`updated_at` text NOT NULL,
	`updated_by` text
);
--> statement-breakpoint
CREATE TABLE `message_receipts` (
	`message_id` text NOT NULL,
	`agent_id` text NOT NULL,
	`message_seq` integer NOT NULL,
	`read_at` text,
	`acked_at` text,
	PRIMARY KEY(`message_id`, `agent_id`)
);
--> statement-breakpoint
CREATE INDEX `receipts_inbox` ON `message_receipts` (`agent_id`,`message_seq`);