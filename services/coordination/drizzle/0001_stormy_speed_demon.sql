CREATE TABLE `task_history` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`task_id` text NOT NULL,
	`project_id` text NOT NULL,
	`account_id` text,
	`action` text NOT NULL,
	`actor` text NOT NULL,
	`agent_id` text,
	`changes` text NOT NULL,
	`at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `task_history_task` ON `task_history` (`task_id`,`seq`);--> statement-breakpoint
CREATE INDEX `task_history_project` ON `task_history` (`project_id`,`at`);--> statement-breakpoint
CREATE TABLE `tasks` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`id` text NOT NULL,
	`project_id` text NOT NULL,
	`title` text NOT NULL,
	`description` text NOT NULL,
	`status` text NOT NULL,
	`priority` integer NOT NULL,
	`type` text NOT NULL,
	`labels` text NOT NULL,
	`assignee` text,
	`estimate` integer,
	`acceptance` text,
	`dependencies` text NOT NULL,
	`account_id` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`claimed_at` text,
	`closed_at` text,
	`created_by` text,
	`beads_line` text,
	`beads_fingerprint` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `tasks_id_unique` ON `tasks` (`id`);--> statement-breakpoint
CREATE INDEX `tasks_project` ON `tasks` (`project_id`,`status`);