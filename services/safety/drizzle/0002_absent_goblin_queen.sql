CREATE TABLE `exception_approvals` (
	`exception_id` text NOT NULL,
	`principal` text NOT NULL,
	`grant` text NOT NULL,
	`note` text,
	`at` text NOT NULL,
	PRIMARY KEY(`exception_id`, `principal`)
);
--> statement-breakpoint
CREATE TABLE `pack_actions` (
	`scope_key` text NOT NULL,
	`pack_id` text NOT NULL,
	`action` text NOT NULL,
	`updated_by` text NOT NULL,
	`updated_at` text NOT NULL,
	PRIMARY KEY(`scope_key`, `pack_id`)
);
--> statement-breakpoint
CREATE TABLE `quorum_settings` (
	`scope_key` text PRIMARY KEY NOT NULL,
	`quorum` integer NOT NULL,
	`updated_by` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
ALTER TABLE `exceptions` ADD `quorum` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
-- Existing installations: a pack a user enabled (in any scope) was an explicit choice to have its rules act at
-- their own actions (deny); it stays so. Packs nobody chose change only their implicit default (now on, ask).
INSERT OR IGNORE INTO `pack_actions` (`scope_key`, `pack_id`, `action`, `updated_by`, `updated_at`)
  SELECT `pack_settings`.`scope_key`, `j`.`value`, 'deny', 'migration', `pack_settings`.`updated_at` FROM `pack_settings`, json_each(`pack_settings`.`packs`) AS `j`;
