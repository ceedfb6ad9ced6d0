CREATE TABLE `login_throttles` (
	`account_key` text PRIMARY KEY NOT NULL,
	`failures` integer NOT NULL,
	`locked_until` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `login_throttles_updated_idx` ON `login_throttles` (`updated_at`);--> statement-breakpoint
CREATE TABLE `sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`revoked_at` integer,
	`expires_at` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `sessions_user_idx` ON `sessions` (`user_id`);--> statement-breakpoint
CREATE INDEX `sessions_expires_idx` ON `sessions` (`expires_at`);--> statement-breakpoint
ALTER TABLE `refresh_tokens` ADD `replaced_by` text;--> statement-breakpoint
CREATE INDEX `refresh_tokens_expires_idx` ON `refresh_tokens` (`expires_at`);--> statement-breakpoint
CREATE INDEX `cache_versions_updated_idx` ON `cache_versions` (`updated_at`);--> statement-breakpoint
-- Logins made before sessions existed keep working: one session per refresh-token family, revoked if any of its tokens was.
INSERT INTO `sessions` (`id`, `user_id`, `revoked_at`, `expires_at`, `created_at`, `updated_at`, `version`)
SELECT `family_id`, MIN(`user_id`), MAX(`revoked_at`), MAX(`expires_at`), MIN(`created_at`), MAX(`updated_at`), 1
FROM `refresh_tokens` GROUP BY `family_id`;
