// Storage of Idempotency-Key answers: one row per (scope, key), the lock while the first request runs, then its answer.
import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

export const IDEMPOTENCY_STATES = ['in_flight', 'done'] as const;

export const idempotencyKeys = sqliteTable(
  'idempotency_keys',
  {
    /** `user:<id>`, or `ip:<client>` for anonymous requests: keys never cross callers. */
    scope: text('scope').notNull(),
    /** SHA-256 (hex) of the Idempotency-Key: the raw key is never stored, it is what unseals the body. */
    keyHash: text('key_hash').notNull(),
    /**
     * HMAC-SHA-256 (FINGERPRINT_KEY) of method, path and query, and body: the same key with another request is
     * refused. Keyed, since bodies hold passwords.
     */
    fingerprint: text('fingerprint').notNull(),
    /** Random per claim, so only the request that holds the lock can complete or release it. */
    lockId: text('lock_id').notNull(),
    state: text('state', { enum: IDEMPOTENCY_STATES }).notNull(),
    /** A claim whose request never finished (the Worker died) can be taken over after this. */
    leaseUntil: integer('lease_until', { mode: 'timestamp_ms' }).notNull(),
    status: integer('status'),
    /** JSON array of [name, value] pairs: the headers that matter for a replay. */
    headers: text('headers'),
    /**
     * The answer's body, AES-GCM sealed with a key derived from the raw Idempotency-Key (base64url of IV and
     * ciphertext): answers carry tokens and personal data, and a copy of the table alone does not open them.
     * Null when the body was larger than the replay limit, or the answer was `no-store` (it carried tokens).
     */
    body: text('body'),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    /** 24 h after the first request; expired rows are ignored, purged hourly. */
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.scope, t.keyHash] }),
    index('idempotency_keys_expires_idx').on(t.expiresAt),
  ],
);
