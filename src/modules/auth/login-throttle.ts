// Per-account login throttling: failed attempts counted per email (whatever the IP), growing delays, bounded lockout.
import { eq, lte, sql } from 'drizzle-orm';
import type { Database } from '../../platform/database';
import { hmacHex } from '../../platform/hmac';
import { Problem } from '../../platform/problems';
import { normalizeEmail } from './service';
import { loginThrottles } from './tables';

/** Attempts admitted back to back before any delay: typos and a forgotten caps lock cost nothing. */
export const FREE_ATTEMPTS = 5;
/** The longest delay between two attempts: nobody can lock an account for longer than this at a time. */
export const MAX_DELAY_SECONDS = 300;
/** An account with no attempt for this long starts counting from zero again. */
export const QUIET_RESET_MS = 60 * 60 * 1000;

/** Seconds before the next attempt after `attempts` unsuccessful ones: 0 for the free ones, then 1, 2, 4 … 300. */
export function delayAfter(attempts: number): number {
  if (attempts < FREE_ATTEMPTS) return 0;
  return Math.min(MAX_DELAY_SECONDS, 2 ** Math.min(attempts - FREE_ATTEMPTS, 20));
}

/** The counter's key: an HMAC of the normalised email, so the table names no one and cannot be reversed. */
export const accountKey = (secret: string, email: string): Promise<string> =>
  hmacHex(secret, `login\n${normalizeEmail(email)}`);

/**
 * Counts one attempt, before the password is checked, or refuses it (429 with `Retry-After`) while the account
 * waits out its delay. One statement decides, so concurrent attempts cannot all slip in before the count: of
 * any burst exactly the admitted number of the schedule pass. A refused attempt is not counted, so hammering a
 * locked account does not lengthen the lock.
 */
export async function admitAttempt(db: Database, key: string, now = Date.now()): Promise<void> {
  // Attempts so far including this one; after a quiet hour the count restarts.
  const attempts = sql`(case when ${loginThrottles.updatedAt} <= ${now - QUIET_RESET_MS} then 1 else ${loginThrottles.failures} + 1 end)`;
  // delayAfter() in SQL, in ms: 0 below FREE_ATTEMPTS, then 2^(attempts - FREE_ATTEMPTS) s, capped.
  const delayMs = sql`(case when ${attempts} < ${FREE_ATTEMPTS} then 0 else min(${MAX_DELAY_SECONDS * 1000}, 1000 << min(${attempts} - ${FREE_ATTEMPTS}, 20)) end)`;
  const admitted = await db
    .insert(loginThrottles)
    .values({
      accountKey: key,
      failures: 1,
      lockedUntil: new Date(now + delayAfter(1) * 1000),
      updatedAt: new Date(now),
    })
    .onConflictDoUpdate({
      target: loginThrottles.accountKey,
      set: { failures: attempts, lockedUntil: sql`${now} + ${delayMs}`, updatedAt: new Date(now) },
      setWhere: lte(loginThrottles.lockedUntil, new Date(now)),
    })
    .returning({ failures: loginThrottles.failures });
  if (admitted.length > 0) return;
  const [row] = await db
    .select({ lockedUntil: loginThrottles.lockedUntil })
    .from(loginThrottles)
    .where(eq(loginThrottles.accountKey, key))
    .limit(1);
  const seconds = Math.max(1, Math.ceil(((row?.lockedUntil.getTime() ?? now) - now) / 1000));
  throw new Problem('rate_limited', {
    detailKey: 'auth.login_throttled',
    params: { seconds },
    headers: { 'Retry-After': String(seconds) },
    extensions: { reason: 'account_throttled' },
  });
}

/** A successful login clears the account's count. */
export async function clearAttempts(db: Database, key: string): Promise<void> {
  await db.delete(loginThrottles).where(eq(loginThrottles.accountKey, key));
}

/** Counters idle for a quiet hour count from zero anyway: the hourly schedule deletes them. */
export async function purgeIdleThrottles(db: Database, now = Date.now()): Promise<number> {
  const result = await db
    .delete(loginThrottles)
    .where(lte(loginThrottles.updatedAt, new Date(now - QUIET_RESET_MS)));
  return result.meta.changes;
}
