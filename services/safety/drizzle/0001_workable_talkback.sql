ALTER TABLE `decisions` ADD `account_id` text;--> statement-breakpoint
CREATE INDEX `decisions_account` ON `decisions` (`account_id`,`seq`);--> statement-breakpoint
ALTER TABLE `exceptions` ADD `account_id` text;--> statement-breakpoint
CREATE INDEX `exceptions_account` ON `exceptions` (`account_id`,`created_at`);