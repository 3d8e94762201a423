CREATE TABLE `alerts` (
	`id` text PRIMARY KEY NOT NULL,
	`rule` text NOT NULL,
	`subject_kind` text NOT NULL,
	`subject_id` text NOT NULL,
	`account_id` text,
	`severity` text NOT NULL,
	`title` text NOT NULL,
	`details` text NOT NULL,
	`first_at` text NOT NULL,
	`last_at` text NOT NULL,
	`count` integer NOT NULL,
	`status` text NOT NULL,
	`status_at` text NOT NULL,
	`status_by` text,
	`acked_by` text
);
--> statement-breakpoint
CREATE INDEX `alerts_subject` ON `alerts` (`rule`,`subject_kind`,`subject_id`,`last_at`);--> statement-breakpoint
CREATE INDEX `alerts_first` ON `alerts` (`first_at`,`id`);--> statement-breakpoint
CREATE TABLE `audit_records` (
	`id` text PRIMARY KEY NOT NULL,
	`ts` text NOT NULL,
	`event` text NOT NULL,
	`action` text NOT NULL,
	`method` text NOT NULL,
	`route` text NOT NULL,
	`targets` text NOT NULL,
	`fields` text NOT NULL,
	`status` integer NOT NULL,
	`outcome` text NOT NULL,
	`error_code` text,
	`account_id` text,
	`actor` text,
	`key_id` text,
	`agent_id` text,
	`ip` text,
	`request_id` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `audit_ts` ON `audit_records` (`ts`,`id`);--> statement-breakpoint
CREATE INDEX `audit_account` ON `audit_records` (`account_id`,`ts`);--> statement-breakpoint
CREATE TABLE `deliveries` (
	`id` text PRIMARY KEY NOT NULL,
	`alert_id` text NOT NULL,
	`account_id` text NOT NULL,
	`channel` text NOT NULL,
	`endpoint_id` text,
	`status` text NOT NULL,
	`attempts` integer NOT NULL,
	`last_error` text,
	`last_status` integer,
	`next_attempt_at` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `deliveries_created` ON `deliveries` (`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `deliveries_status` ON `deliveries` (`status`);--> statement-breakpoint
CREATE TABLE `local_state` (
	`name` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
