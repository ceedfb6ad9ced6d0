// Storage of maintenance requests and their state (open → in_progress → resolved, or rejected).
import { index, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { auditColumns, deletedAt, id } from '../../db/columns';
import { users } from '../auth/tables';
import { buildings } from '../buildings/tables';

export const MAINTENANCE_STATUSES = ['open', 'in_progress', 'resolved', 'rejected'] as const;
export type MaintenanceStatus = (typeof MAINTENANCE_STATUSES)[number];

export const maintenanceRequests = sqliteTable(
  'maintenance_requests',
  {
    id: id(),
    buildingId: text('building_id')
      .notNull()
      .references(() => buildings.id, { onDelete: 'cascade' }),
    openedBy: text('opened_by')
      .notNull()
      .references(() => users.id),
    title: text('title').notNull(),
    description: text('description').notNull(),
    status: text('status', { enum: MAINTENANCE_STATUSES }).notNull().default('open'),
    ...auditColumns(),
    deletedAt: deletedAt(),
  },
  (t) => [
    index('maintenance_building_id_idx').on(t.buildingId, t.id),
    index('maintenance_building_status_idx').on(t.buildingId, t.status, t.id),
  ],
);
