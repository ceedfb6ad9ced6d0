// What an access token's session (`sid`) is worth now: live or revoked, and the user's admin flag, cached per user.
import { and, eq } from 'drizzle-orm';
import { cached } from '../../platform/cache';
import type { Database } from '../../platform/database';
import { sessions, users } from './tables';

/** Every cached read about a user lives here; revoking a session or changing the admin flag bumps it. */
export const userCacheNamespace = (userId: string): string => `user:${userId}`;

// A type alias, not an interface: cached values must be provably JSON (see Cacheable).
export type SessionStanding = {
  /** False when the session was revoked, purged, or never existed (nothing is trusted that D1 does not hold). */
  active: boolean;
  /** The user's admin flag as D1 holds it, not as the token was issued with (a demotion takes effect). */
  isAdmin: boolean;
};

/** One query: the session of `sessionId` if it belongs to `userId`, and that user's admin flag. */
export async function loadSessionStanding(
  db: Database,
  userId: string,
  sessionId: string,
): Promise<SessionStanding> {
  const [row] = await db
    .select({ revokedAt: sessions.revokedAt, isAdmin: users.isAdmin })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.id, sessionId), eq(sessions.userId, userId)))
    .limit(1);
  return { active: row !== undefined && row.revokedAt === null, isAdmin: row?.isAdmin ?? false };
}

/**
 * The standing through the cache: on a warm isolate an authenticated request makes no D1 query for it. A
 * revocation bumps `user:<id>` in the same D1 transaction, so it is seen at once by the isolate that made it
 * and within the version bound (5 s, docs/caching.md) by every other.
 */
export const sessionStandingCached = cached(
  {
    namespace: (userId) => userCacheNamespace(userId),
    key: (_, sessionId) => `session:${sessionId}`,
    ttlSeconds: 300,
  },
  loadSessionStanding,
);
