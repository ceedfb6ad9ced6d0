// Login sessions: one row per login holds its state; single-use refresh rotation and reuse detection check it.
import { and, eq, isNull, lte, sql } from 'drizzle-orm';
import type { Cache } from '../../platform/cache';
import type { Database } from '../../platform/database';
import { newId } from '../../platform/ids';
import { Problem } from '../../platform/problems';
import { userCacheNamespace } from './session-standing';
import { refreshTokens, sessions, users } from './tables';
import {
  hashRefreshToken,
  type KeyRing,
  looksLikeRefreshToken,
  newRefreshToken,
  REFRESH_TOKEN_TTL_SECONDS,
  signAccessToken,
} from './tokens';

type UserRow = typeof users.$inferSelect;

export interface IssuedTokens {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
}

const refreshExpiry = (now: Date) => new Date(now.getTime() + REFRESH_TOKEN_TTL_SECONDS * 1000);

async function accessTokenFor(ring: KeyRing, user: UserRow, sessionId: string) {
  return signAccessToken(ring, { sub: user.id, sid: sessionId, admin: user.isAdmin, locale: user.locale });
}

/** A new login: its session row and first refresh token in one batch, and an access token naming it (`sid`). */
export async function startSession(db: Database, ring: KeyRing, user: UserRow): Promise<IssuedTokens> {
  const sessionId = newId();
  const refreshToken = newRefreshToken();
  const now = new Date();
  const expiresAt = refreshExpiry(now);
  await db.batch([
    db.insert(sessions).values({ id: sessionId, userId: user.id, expiresAt, createdAt: now, updatedAt: now }),
    db.insert(refreshTokens).values({
      id: newId(),
      userId: user.id,
      familyId: sessionId,
      tokenHash: await hashRefreshToken(refreshToken),
      expiresAt,
      createdAt: now,
      updatedAt: now,
    }),
  ]);
  const { token, expiresIn } = await accessTokenFor(ring, user, sessionId);
  return { accessToken: token, refreshToken, expiresIn };
}

const revokeStatement = (db: Database, sessionId: string, now: Date) =>
  db
    .update(sessions)
    .set({ revokedAt: now, updatedAt: now, version: sql`${sessions.version} + 1` })
    .where(and(eq(sessions.id, sessionId), isNull(sessions.revokedAt)));

/**
 * Revokes one login. Its refresh tokens are refused at once (every rotation checks the session in its own
 * batch) and, because the user's cache namespace is bumped in the same transaction, its access tokens too:
 * at once in this isolate, within the cache's version bound (5 s) everywhere else.
 */
export async function revokeSession(db: Database, cache: Cache, userId: string, sessionId: string) {
  await cache.writeAndInvalidate([revokeStatement(db, sessionId, new Date())], userCacheNamespace(userId));
}

/** Revokes every login of a user (a password change, an account compromise): the same guarantees. */
export async function revokeUserSessions(db: Database, cache: Cache, userId: string): Promise<void> {
  const now = new Date();
  await cache.writeAndInvalidate(
    [
      db
        .update(sessions)
        .set({ revokedAt: now, updatedAt: now, version: sql`${sessions.version} + 1` })
        .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt))),
    ],
    userCacheNamespace(userId),
  );
}

/** The presented token's row and its session's state, or undefined for an unknown token. */
async function findToken(db: Database, presented: string) {
  const [row] = await db
    .select({
      id: refreshTokens.id,
      userId: refreshTokens.userId,
      sessionId: refreshTokens.familyId,
      usedAt: refreshTokens.usedAt,
      revokedAt: refreshTokens.revokedAt,
      expiresAt: refreshTokens.expiresAt,
      sessionRevokedAt: sessions.revokedAt,
      sessionExists: sessions.id,
    })
    .from(refreshTokens)
    .leftJoin(sessions, eq(sessions.id, refreshTokens.familyId))
    .where(eq(refreshTokens.tokenHash, await hashRefreshToken(presented)))
    .limit(1);
  return row;
}

/**
 * Spends a refresh token and returns the next pair of the same login. A token that was already spent means
 * it leaked (or a client retried): the whole login is revoked, as the contract says.
 *
 * The spend, the session's extension and the new token's insert are one batch (one transaction), each
 * conditional on the session not being revoked and the insert conditional on this very spend (`replaced_by`).
 * So of racing rotations exactly one spends, and a loser that revokes the session either runs before the
 * winner's batch (which then spends nothing) or after it (and the winner's new token dies with the session).
 */
export async function rotateRefreshToken(
  db: Database,
  cache: Cache,
  ring: KeyRing,
  presented: string,
): Promise<{ user: UserRow; tokens: IssuedTokens }> {
  if (!looksLikeRefreshToken(presented)) throw new Problem('invalid_refresh_token');
  const stored = await findToken(db, presented);
  if (
    !stored ||
    stored.sessionExists === null ||
    stored.sessionRevokedAt !== null ||
    stored.revokedAt !== null
  ) {
    throw new Problem('invalid_refresh_token');
  }
  const reused = async () => {
    await revokeSession(db, cache, stored.userId, stored.sessionId);
    return new Problem('refresh_token_reused');
  };
  if (stored.usedAt !== null) throw await reused();
  const now = new Date();
  if (stored.expiresAt.getTime() <= now.getTime()) throw new Problem('invalid_refresh_token');

  const next = { id: newId(), token: newRefreshToken(), expiresAt: refreshExpiry(now) };
  const nextHash = await hashRefreshToken(next.token);
  const liveSession = sql`exists (select 1 from ${sessions} where ${sessions.id} = ${stored.sessionId} and ${sessions.revokedAt} is null)`;
  const spentByThis = sql`exists (select 1 from ${refreshTokens} as spent where spent.id = ${stored.id} and spent.replaced_by = ${next.id})`;
  const nowMs = now.getTime();
  const [spent] = await db.batch([
    db
      .update(refreshTokens)
      .set({ usedAt: now, replacedBy: next.id, updatedAt: now, version: sql`${refreshTokens.version} + 1` })
      .where(
        and(
          eq(refreshTokens.id, stored.id),
          isNull(refreshTokens.usedAt),
          isNull(refreshTokens.revokedAt),
          liveSession,
        ),
      )
      .returning({ id: refreshTokens.id }),
    db
      .update(sessions)
      .set({ expiresAt: next.expiresAt, updatedAt: now, version: sql`${sessions.version} + 1` })
      .where(and(eq(sessions.id, stored.sessionId), isNull(sessions.revokedAt), spentByThis)),
    // Columns in table order: id, user_id, family_id, token_hash, expires_at, used_at, revoked_at,
    // replaced_by, created_at, updated_at, version.
    db
      .insert(refreshTokens)
      .select(
        sql`select ${next.id}, ${stored.userId}, ${stored.sessionId}, ${nextHash}, ${next.expiresAt.getTime()}, null, null, null, ${nowMs}, ${nowMs}, 1 where ${spentByThis}`,
      ),
  ]);
  if (spent.length === 0) {
    // Someone else spent it first (a race is reuse too), or the session was revoked meanwhile.
    throw await reused();
  }
  const [user] = await db.select().from(users).where(eq(users.id, stored.userId)).limit(1);
  if (!user) throw new Problem('invalid_refresh_token');
  const { token, expiresIn } = await accessTokenFor(ring, user, stored.sessionId);
  return { user, tokens: { accessToken: token, refreshToken: next.token, expiresIn } };
}

/** Ends the login the token belongs to. Unknown tokens are ignored: logout always succeeds. */
export async function endSession(db: Database, cache: Cache, presented: string): Promise<void> {
  if (!looksLikeRefreshToken(presented)) return;
  const stored = await findToken(db, presented);
  if (stored) await revokeSession(db, cache, stored.userId, stored.sessionId);
}

/**
 * Deletes expired refresh tokens and the sessions whose last refresh token expired (the hourly schedule). A
 * session outlives every access token it issued (those were minted at a rotation, 30 days before it expires),
 * and a purged session reads as revoked anyway. Says how many rows of each went.
 */
export async function purgeExpiredSessions(
  db: Database,
  now = new Date(),
): Promise<{ refreshRows: number; sessions: number }> {
  const [tokens, logins] = await db.batch([
    db.delete(refreshTokens).where(lte(refreshTokens.expiresAt, now)),
    db.delete(sessions).where(lte(sessions.expiresAt, now)),
  ]);
  return { refreshRows: tokens.meta.changes, sessions: logins.meta.changes };
}
