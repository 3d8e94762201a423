CREATE TABLE `reservations` (
	`id` text PRIMARY KEY NOT NULL,
	`agent_id` text NOT NULL,
	`path_pattern` text NOT NULL,
	`exclusive` integer NOT NULL,
	`expires_at` text NOT NULL
);
