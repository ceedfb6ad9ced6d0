// Storage of buildings, their members (role per building) and invite codes.
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { auditColumns, deletedAt, id } from '../../db/columns';
import { users } from '../auth/tables';

export const buildings = sqliteTable(
  'buildings',
  {
    id: id(),
    name: text('name').notNull(),
    addressLine1: text('address_line1').notNull(),
    addressLine2: text('address_line2'),
    city: text('city').notNull(),
    postalCode: text('postal_code'),
    country: text('country').notNull(),
    timeZone: text('time_zone').notNull(),
    currency: text('currency').notNull(),
    /** Integer minor units of `currency`. */
    monthlyDues: integer('monthly_dues').notNull(),
    createdBy: text('created_by')
      .notNull()
      .references(() => users.id),
    ...auditColumns(),
    deletedAt: deletedAt(),
  },
  (t) => [index('buildings_deleted_idx').on(t.deletedAt)],
);

export const MEMBER_ROLES = ['manager', 'resident'] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

export const memberships = sqliteTable(
  'memberships',
  {
    buildingId: text('building_id')
      .notNull()
      .references(() => buildings.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: text('role', { enum: MEMBER_ROLES }).notNull(),
    ...auditColumns(),
  },
  (t) => [
    primaryKey({ columns: [t.buildingId, t.userId] }),
    index('memberships_user_idx').on(t.userId, t.buildingId),
  ],
);

export const invites = sqliteTable(
  'invites',
  {
    id: id(),
    buildingId: text('building_id')
      .notNull()
      .references(() => buildings.id, { onDelete: 'cascade' }),
    /** Only the hash of the code is stored. */
    codeHash: text('code_hash').notNull(),
    role: text('role', { enum: MEMBER_ROLES }).notNull().default('resident'),
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
    usedAt: integer('used_at', { mode: 'timestamp_ms' }),
    usedBy: text('used_by').references(() => users.id),
    createdBy: text('created_by')
      .notNull()
      .references(() => users.id),
    ...auditColumns(),
  },
  (t) => [
    uniqueIndex('invites_code_hash_unique').on(t.codeHash),
    index('invites_building_idx').on(t.buildingId),
  ],
);
