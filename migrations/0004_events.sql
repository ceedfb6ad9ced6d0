CREATE TABLE `event_failures` (
	`id` text PRIMARY KEY NOT NULL,
	`event_id` text,
	`event_type` text,
	`subscriber` text NOT NULL,
	`queue` text NOT NULL,
	`request_id` text,
	`error` text NOT NULL,
	`body` text NOT NULL,
	`failed_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `event_failures_failed_at_idx` ON `event_failures` (`failed_at`);--> statement-breakpoint
CREATE INDEX `event_failures_event_id_idx` ON `event_failures` (`event_id`);--> statement-breakpoint
CREATE TABLE `event_receipts` (
	`subscriber` text NOT NULL,
	`event_id` text NOT NULL,
	`handled_at` integer NOT NULL,
	PRIMARY KEY(`event_id`, `subscriber`)
);
--> statement-breakpoint
CREATE INDEX `event_receipts_handled_at_idx` ON `event_receipts` (`handled_at`);--> statement-breakpoint
CREATE TABLE `events` (
	`id` text PRIMARY KEY NOT NULL,
	`type` text NOT NULL,
	`building_id` text,
	`actor_id` text,
	`request_id` text NOT NULL,
	`occurred_at` integer NOT NULL,
	`data` text NOT NULL,
	`dispatched_at` integer
);
--> statement-breakpoint
CREATE INDEX `events_undispatched_idx` ON `events` (`occurred_at`) WHERE dispatched_at IS NULL;--> statement-breakpoint
CREATE INDEX `events_occurred_at_idx` ON `events` (`occurred_at`);