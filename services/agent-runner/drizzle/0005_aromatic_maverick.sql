CREATE TABLE `review_approvals` (
	`id` text PRIMARY KEY NOT NULL,
	`agent_id` text NOT NULL,
	`by` text NOT NULL,
	`tree` text NOT NULL,
	`note` text,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `review_approvals_agent` ON `review_approvals` (`agent_id`,`id`);