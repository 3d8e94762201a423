CREATE TABLE `agents` (
	`id` text PRIMARY KEY NOT NULL,
	`driver` text NOT NULL,
	`state` text NOT NULL,
	`pid` integer,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
