ALTER TABLE `agents` ADD `resume_at` text;--> statement-breakpoint
ALTER TABLE `agents` ADD `attention_flag` text;