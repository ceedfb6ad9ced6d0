// Login sessions: access + refresh token pairs, single-use refresh rotation, and reuse detection per login.
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Database } from '../../platform/database';
import { newId } from '../../platform/ids';
import { Problem } from '../../platform/problems';
import { refreshTokens, users } from './tables';
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

/** A new refresh token in `familyId` (one family per login) and an access token for the user. */
export async function issueTokens(
  db: Database,
  ring: KeyRing,
  user: UserRow,
  familyId: string,
): Promise<IssuedTokens> {
  const refreshToken = newRefreshToken();
  const now = new Date();
  await db.insert(refreshTokens).values({
    id: newId(),
    userId: user.id,
    familyId,
    tokenHash: await hashRefreshToken(refreshToken),
    expiresAt: new Date(now.getTime() + REFRESH_TOKEN_TTL_SECONDS * 1000),
    createdAt: now,
    updatedAt: now,
  });
  const { token, expiresIn } = await signAccessToken(ring, {
    sub: user.id,
    sid: familyId,
    admin: user.isAdmin,
    locale: user.locale,
  });
  return { accessToken: token, refreshToken, expiresIn };
}

export const startSession = (db: Database, ring: KeyRing, user: UserRow) =>
  issueTokens(db, ring, user, newId());

async function revokeFamily(db: Database, familyId: string): Promise<void> {
  const now = new Date();
  await db
    .update(refreshTokens)
    .set({ revokedAt: now, updatedAt: now, version: sql`${refreshTokens.version} + 1` })
    .where(and(eq(refreshTokens.familyId, familyId), isNull(refreshTokens.revokedAt)));
}

/**
 * Spends a refresh token and returns the next pair of the same login. A token that was already
 * spent means it leaked (or a client retried): the whole login is revoked, as the contract says.
 */
export async function rotateRefreshToken(
  db: Database,
  ring: KeyRing,
  presented: string,
): Promise<{ user: UserRow; tokens: IssuedTokens }> {
  if (!looksLikeRefreshToken(presented)) throw new Problem('invalid_refresh_token');
  const tokenHash = await hashRefreshToken(presented);
  const [stored] = await db
    .select()
    .from(refreshTokens)
    .where(eq(refreshTokens.tokenHash, tokenHash))
    .limit(1);
  if (!stored || stored.revokedAt !== null) throw new Problem('invalid_refresh_token');
  if (stored.usedAt !== null) {
    await revokeFamily(db, stored.familyId);
    throw new Problem('refresh_token_reused');
  }
  const now = new Date();
  if (stored.expiresAt.getTime() <= now.getTime()) throw new Problem('invalid_refresh_token');

  // Conditional on still being unused, so two racing refreshes cannot both succeed.
  const spent = await db
    .update(refreshTokens)
    .set({ usedAt: now, updatedAt: now, version: sql`${refreshTokens.version} + 1` })
    .where(
      and(eq(refreshTokens.id, stored.id), isNull(refreshTokens.usedAt), isNull(refreshTokens.revokedAt)),
    )
    .returning({ id: refreshTokens.id });
  if (spent.length === 0) {
    await revokeFamily(db, stored.familyId);
    throw new Problem('refresh_token_reused');
  }
  const [user] = await db.select().from(users).where(eq(users.id, stored.userId)).limit(1);
  if (!user) throw new Problem('invalid_refresh_token');
  return { user, tokens: await issueTokens(db, ring, user, stored.familyId) };
}

/** Ends the login the token belongs to. Unknown tokens are ignored: logout always succeeds. */
export async function endSession(db: Database, presented: string): Promise<void> {
  if (!looksLikeRefreshToken(presented)) return;
  const tokenHash = await hashRefreshToken(presented);
  const [stored] = await db
    .select({ familyId: refreshTokens.familyId })
    .from(refreshTokens)
    .where(eq(refreshTokens.tokenHash, tokenHash))
    .limit(1);
  if (stored) await revokeFamily(db, stored.familyId);
}
