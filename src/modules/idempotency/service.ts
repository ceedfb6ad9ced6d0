// Idempotency keys in D1: claim a key atomically, then store the final answer or release it, or read what holds it.
import { and, eq, gt, lte, or } from 'drizzle-orm';
import type { Database } from '../../platform/database';
import { hashKey, seal, unseal } from './sealing';
import { idempotencyKeys } from './tables';

/** How long a key and its answer are kept (the contract's 24 h). */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
/** A claim whose request has not finished after this is abandoned (the Worker died) and can be taken over. */
export const IN_FLIGHT_LEASE_MS = 5 * 60 * 1000;

/** A client's key within its scope (`user:<id>` or `ip:<client>`); only `keyHash` is stored. */
export interface KeyRef {
  scope: string;
  key: string;
  keyHash: string;
}

export const keyRef = async (scope: string, key: string): Promise<KeyRef> => ({
  scope,
  key,
  keyHash: await hashKey(key),
});

export interface StoredAnswer {
  status: number;
  headers: Array<[string, string]>;
  /** Null when the body was too large to keep: then only the status and headers replay. */
  body: Uint8Array | null;
}

export type Existing =
  | { state: 'in_flight'; fingerprint: string }
  | { state: 'done'; fingerprint: string; answer: StoredAnswer };

export type ClaimResult =
  | { claimed: true; lockId: string }
  | { claimed: false; existing: Existing | undefined };

/**
 * Takes the key for this request, or reports what holds it. One statement decides, so of two racing
 * requests exactly one claims: the insert succeeds for a new key, and on conflict the update only fires
 * for a row that has expired or whose lock was abandoned; `RETURNING` tells whether this request won.
 */
export async function claimKey(
  db: Database,
  ref: KeyRef,
  fingerprint: string,
  now: Date = new Date(),
): Promise<ClaimResult> {
  const lockId = crypto.randomUUID();
  const fresh = {
    fingerprint,
    lockId,
    state: 'in_flight' as const,
    leaseUntil: new Date(now.getTime() + IN_FLIGHT_LEASE_MS),
    status: null,
    headers: null,
    body: null,
    createdAt: now,
    expiresAt: new Date(now.getTime() + IDEMPOTENCY_TTL_MS),
  };
  const won = await db
    .insert(idempotencyKeys)
    .values({ scope: ref.scope, keyHash: ref.keyHash, ...fresh })
    .onConflictDoUpdate({
      target: [idempotencyKeys.scope, idempotencyKeys.keyHash],
      set: fresh,
      setWhere: or(
        lte(idempotencyKeys.expiresAt, now),
        and(eq(idempotencyKeys.state, 'in_flight'), lte(idempotencyKeys.leaseUntil, now)),
      ),
    })
    .returning({ lockId: idempotencyKeys.lockId });
  if (won[0]?.lockId === lockId) return { claimed: true, lockId };
  return { claimed: false, existing: await readKey(db, ref, now) };
}

/** The live row of a key, or undefined when there is none (never was, expired, or just released). */
export async function readKey(
  db: Database,
  ref: KeyRef,
  now: Date = new Date(),
): Promise<Existing | undefined> {
  const [row] = await db
    .select()
    .from(idempotencyKeys)
    .where(
      and(
        eq(idempotencyKeys.scope, ref.scope),
        eq(idempotencyKeys.keyHash, ref.keyHash),
        gt(idempotencyKeys.expiresAt, now),
      ),
    )
    .limit(1);
  if (!row) return undefined;
  if (row.state === 'in_flight' || row.status === null)
    return { state: 'in_flight', fingerprint: row.fingerprint };
  const body = row.body === null ? null : await unseal(ref.key, ref.scope, row.fingerprint, row.body);
  return {
    state: 'done',
    fingerprint: row.fingerprint,
    // A body that does not unseal (the row was altered) replays like one that was too large: never garbage.
    answer: { status: row.status, headers: parseHeaders(row.headers), body: body ?? null },
  };
}

/** Stores the final answer of the request that holds the lock; a request whose claim was taken over stores nothing. */
export async function completeKey(
  db: Database,
  ref: KeyRef,
  lockId: string,
  fingerprint: string,
  answer: StoredAnswer,
): Promise<void> {
  await db
    .update(idempotencyKeys)
    .set({
      state: 'done',
      status: answer.status,
      headers: JSON.stringify(answer.headers),
      body: answer.body === null ? null : await seal(ref.key, ref.scope, fingerprint, answer.body),
    })
    .where(lockedBy(ref, lockId));
}

/** Frees the key so that a retry can act (after a 5xx, or when the request failed before it had an answer). */
export async function releaseKey(db: Database, ref: KeyRef, lockId: string): Promise<void> {
  await db.delete(idempotencyKeys).where(lockedBy(ref, lockId));
}

/** Deletes every expired key (the scheduled handler runs it hourly) and says how many went. */
export async function purgeExpiredKeys(db: Database, now: Date = new Date()): Promise<number> {
  const result = await db.delete(idempotencyKeys).where(lte(idempotencyKeys.expiresAt, now));
  return result.meta.changes;
}

const lockedBy = (ref: KeyRef, lockId: string) =>
  and(
    eq(idempotencyKeys.scope, ref.scope),
    eq(idempotencyKeys.keyHash, ref.keyHash),
    eq(idempotencyKeys.lockId, lockId),
  );

function parseHeaders(text: string | null): Array<[string, string]> {
  if (text === null) return [];
  const parsed: unknown = JSON.parse(text);
  if (!Array.isArray(parsed)) return [];
  return parsed.filter(
    (pair): pair is [string, string] =>
      Array.isArray(pair) && typeof pair[0] === 'string' && typeof pair[1] === 'string',
  );
}
