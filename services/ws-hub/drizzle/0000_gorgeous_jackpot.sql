CREATE TABLE `acks` (
	`client_key` text NOT NULL,
	`family` text NOT NULL,
	`seq` integer NOT NULL,
	`updated_at` text NOT NULL,
	PRIMARY KEY(`client_key`, `family`)
);
