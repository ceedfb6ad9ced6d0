CREATE TABLE `cache_versions` (
	`namespace` text PRIMARY KEY NOT NULL,
	`version` integer NOT NULL,
	`updated_at` integer NOT NULL
);
