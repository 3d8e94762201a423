CREATE TABLE `beads_sync` (
	`project_id` text PRIMARY KEY NOT NULL,
	`repository` text NOT NULL,
	`account_id` text,
	`updated_at` text NOT NULL,
	`updated_by` text
);
