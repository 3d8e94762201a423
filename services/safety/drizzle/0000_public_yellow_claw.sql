CREATE TABLE `decisions` (
	`id` text PRIMARY KEY NOT NULL,
	`command` text NOT NULL,
	`decision` text NOT NULL,
	`rule_id` text,
	`agent_id` text,
	`ts` text NOT NULL
);
