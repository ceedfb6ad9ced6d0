// Every drizzle table of every module, for drizzle-kit and typed queries.
export * from '../modules/announcements/tables';
export * from '../modules/auth/tables';
export * from '../modules/buildings/tables';
export * from '../modules/events/tables';
export * from '../modules/idempotency/tables';
export * from '../modules/maintenance/tables';
export * from '../modules/webhooks/tables';
export * from '../platform/cache/tables';
