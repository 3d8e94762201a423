CREATE TABLE `usage_records` (
	`message_id` text PRIMARY KEY NOT NULL,
	`agent_id` text NOT NULL,
	`model` text NOT NULL,
	`cost_micros` integer NOT NULL,
	`ts` text NOT NULL
);
