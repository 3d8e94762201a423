CREATE TABLE `acks` (
	`client_id` text NOT NULL,
	`channel` text NOT NULL,
	`cursor` text NOT NULL,
	`updated_at` text NOT NULL
);
