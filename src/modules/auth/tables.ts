// Storage of identity: users, their logins (sessions), the logins' refresh tokens, and failed-login counters.
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { auditColumns, id } from '../../db/columns';

export const users = sqliteTable(
  'users',
  {
    id: id(),
    /** Normalised: trimmed, NFC, lower case. */
    email: text('email').notNull(),
    name: text('name').notNull(),
    passwordHash: text('password_hash').notNull(),
    locale: text('locale').notNull().default('en'),
    timeZone: text('time_zone').notNull().default('UTC'),
    isAdmin: integer('is_admin', { mode: 'boolean' }).notNull().default(false),
    ...auditColumns(),
  },
  (t) => [uniqueIndex('users_email_unique').on(t.email)],
);

/**
 * One row per login: the single place its state lives. Every refresh-token rotation checks `revoked_at` in the
 * same D1 batch as the spend and the insert, and access tokens name it in their `sid` claim.
 */
export const sessions = sqliteTable(
  'sessions',
  {
    /** The `sid` claim of the login's access tokens and the `family_id` of its refresh tokens. */
    id: id(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** Set once (logout, reuse detection, password change); a revoked login never comes back. */
    revokedAt: integer('revoked_at', { mode: 'timestamp_ms' }),
    /** When its newest refresh token expires: past this nothing of the login works, and the row is purged. */
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
    ...auditColumns(),
  },
  (t) => [index('sessions_user_idx').on(t.userId), index('sessions_expires_idx').on(t.expiresAt)],
);

export const refreshTokens = sqliteTable(
  'refresh_tokens',
  {
    id: id(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** Every token descended from one login shares a family; reuse of a spent one revokes the family. */
    familyId: text('family_id').notNull(),
    tokenHash: text('token_hash').notNull(),
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
    usedAt: integer('used_at', { mode: 'timestamp_ms' }),
    revokedAt: integer('revoked_at', { mode: 'timestamp_ms' }),
    /** The token that replaced this one: the rotation's insert is conditional on its own spend having set it. */
    replacedBy: text('replaced_by'),
    ...auditColumns(),
  },
  (t) => [
    uniqueIndex('refresh_tokens_hash_unique').on(t.tokenHash),
    index('refresh_tokens_family_idx').on(t.familyId),
    index('refresh_tokens_user_idx').on(t.userId),
    index('refresh_tokens_expires_idx').on(t.expiresAt),
  ],
);

/**
 * Failed logins per account, independent of the client IP. Keyed by an HMAC of the normalised email (under
 * FINGERPRINT_KEY), so the table names no one and unknown emails are counted like known ones.
 */
export const loginThrottles = sqliteTable(
  'login_throttles',
  {
    accountKey: text('account_key').primaryKey(),
    /** Attempts since the last success (or since a quiet hour); each is counted before the password is checked. */
    failures: integer('failures').notNull(),
    /** No attempt is admitted before this. */
    lockedUntil: integer('locked_until', { mode: 'timestamp_ms' }).notNull(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [index('login_throttles_updated_idx').on(t.updatedAt)],
);
