CREATE TABLE `autopilot_runs` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`project_id` text NOT NULL,
	`task_id` text NOT NULL,
	`agent_id` text,
	`attempt` integer NOT NULL,
	`status` text NOT NULL,
	`started_at` text NOT NULL,
	`ended_at` text,
	`worktree` text,
	`reason` text
);
--> statement-breakpoint
CREATE INDEX `autopilot_runs_project` ON `autopilot_runs` (`project_id`,`status`);--> statement-breakpoint
CREATE INDEX `autopilot_runs_agent` ON `autopilot_runs` (`agent_id`);--> statement-breakpoint
CREATE TABLE `autopilots` (
	`project_id` text PRIMARY KEY NOT NULL,
	`config` text NOT NULL,
	`account_id` text,
	`paused_reason` text,
	`paused_at` text,
	`updated_at` text NOT NULL,
	`updated_by` text
);
