CREATE TABLE `review_comments` (
	`id` text PRIMARY KEY NOT NULL,
	`agent_id` text NOT NULL,
	`file` text NOT NULL,
	`start_line` integer NOT NULL,
	`end_line` integer NOT NULL,
	`body` text NOT NULL,
	`quote` text NOT NULL,
	`author` text,
	`command_id` text,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `review_comments_agent` ON `review_comments` (`agent_id`,`id`);--> statement-breakpoint
ALTER TABLE `agents` ADD `isolation` text DEFAULT 'in-place' NOT NULL;--> statement-breakpoint
ALTER TABLE `agents` ADD `worktree` text;