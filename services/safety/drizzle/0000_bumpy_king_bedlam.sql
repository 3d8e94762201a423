CREATE TABLE `allowlist` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`rule_id` text,
	`command` text,
	`command_hash` text,
	`scope` text NOT NULL,
	`scope_id` text,
	`reason` text NOT NULL,
	`created_by` text NOT NULL,
	`created_at` text NOT NULL,
	`expires_at` text
);
--> statement-breakpoint
CREATE TABLE `audit` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`ts` text NOT NULL,
	`actor` text NOT NULL,
	`action` text NOT NULL,
	`target` text NOT NULL,
	`details` text
);
--> statement-breakpoint
CREATE TABLE `custom_packs` (
	`id` text PRIMARY KEY NOT NULL,
	`format` text NOT NULL,
	`source` text NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `decisions` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`id` text NOT NULL,
	`ts` text NOT NULL,
	`source` text NOT NULL,
	`agent_id` text,
	`project_id` text,
	`tool` text,
	`command` text,
	`decision` text NOT NULL,
	`rule_action` text,
	`rule_id` text,
	`pack_id` text,
	`severity` text,
	`reason` text,
	`safe_alternative` text,
	`short_code` text,
	`exception_id` text,
	`allowlist_id` text,
	`duration_us` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `decisions_id` ON `decisions` (`id`);--> statement-breakpoint
CREATE INDEX `decisions_agent` ON `decisions` (`agent_id`,`seq`);--> statement-breakpoint
CREATE INDEX `decisions_rule` ON `decisions` (`rule_id`,`seq`);--> statement-breakpoint
CREATE INDEX `decisions_ts` ON `decisions` (`ts`);--> statement-breakpoint
CREATE TABLE `exceptions` (
	`id` text PRIMARY KEY NOT NULL,
	`short_code` text NOT NULL,
	`decision_id` text NOT NULL,
	`agent_id` text,
	`project_id` text,
	`command` text NOT NULL,
	`command_hash` text NOT NULL,
	`rule_id` text,
	`pack_id` text,
	`severity` text,
	`reason` text,
	`status` text NOT NULL,
	`grant` text,
	`live` integer NOT NULL,
	`consumed` integer DEFAULT false NOT NULL,
	`created_at` text NOT NULL,
	`expires_at` text NOT NULL,
	`decided_by` text,
	`decided_at` text,
	`note` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `exceptions_code` ON `exceptions` (`short_code`);--> statement-breakpoint
CREATE INDEX `exceptions_status` ON `exceptions` (`status`);--> statement-breakpoint
CREATE INDEX `exceptions_grant` ON `exceptions` (`agent_id`,`command_hash`);--> statement-breakpoint
CREATE TABLE `pack_settings` (
	`scope_key` text PRIMARY KEY NOT NULL,
	`packs` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `policy_version` (
	`id` integer PRIMARY KEY NOT NULL,
	`version` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `rule_overrides` (
	`rule_id` text PRIMARY KEY NOT NULL,
	`action` text NOT NULL,
	`updated_by` text NOT NULL,
	`updated_at` text NOT NULL
);
