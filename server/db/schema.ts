// Every table, for Drizzle and drizzle-kit; each domain owns its own tables.
export * from '../jobs/jobs.table.ts';
export * from '../modules/audit/audit.table.ts';
export * from '../modules/auth/sessions.table.ts';
export * from '../modules/meetings/meetings.table.ts';
export * from '../modules/notifications/notifications.table.ts';
export * from '../modules/regions/regions.table.ts';
export * from '../modules/supervision/supervision.table.ts';
export * from '../modules/tasks/tasks.table.ts';
export * from '../modules/units/units.table.ts';
export * from '../modules/users/users.table.ts';
export * from '../records/record-events.table.ts';
