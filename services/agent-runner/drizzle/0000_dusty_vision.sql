CREATE TABLE `agent_events` (
	`agent_id` text NOT NULL,
	`seq` integer NOT NULL,
	`type` text NOT NULL,
	`payload` text NOT NULL,
	PRIMARY KEY(`agent_id`, `seq`)
);
--> statement-breakpoint
CREATE TABLE `agents` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`driver` text NOT NULL,
	`state` text NOT NULL,
	`activity` text NOT NULL,
	`state_reason` text,
	`pause_reason` text,
	`working_directory` text NOT NULL,
	`model` text,
	`command` text,
	`env` text NOT NULL,
	`account_id` text,
	`project_id` text,
	`pid` integer,
	`session_id` text,
	`last_message_uuid` text,
	`message_count` integer DEFAULT 0 NOT NULL,
	`last_seq` integer DEFAULT 0 NOT NULL,
	`attach_command` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`last_activity_at` text
);
--> statement-breakpoint
CREATE INDEX `agents_created` ON `agents` (`created_at`,`id`);--> statement-breakpoint
CREATE TABLE `checkpoints` (
	`id` text PRIMARY KEY NOT NULL,
	`agent_id` text NOT NULL,
	`seq` integer NOT NULL,
	`session_id` text,
	`message_uuid` text,
	`message_count` integer NOT NULL,
	`reason` text NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `checkpoints_agent` ON `checkpoints` (`agent_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `commands` (
	`id` text PRIMARY KEY NOT NULL,
	`agent_id` text NOT NULL,
	`kind` text NOT NULL,
	`message` text,
	`actor` text,
	`request_id` text,
	`outcome` text NOT NULL,
	`error` text,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `commands_agent` ON `commands` (`agent_id`,`created_at`);