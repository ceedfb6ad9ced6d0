// Test users straight in the real local D1, with access tokens signed by the development key.
import { env } from 'cloudflare:workers';
import { parseKeyRing, signAccessToken } from '../../src/modules/auth/tokens';
import { newId } from '../../src/platform/ids';

export interface TestUser {
  id: string;
  email: string;
  /** The session (`sid`) its access token names: live until a test revokes it. */
  sessionId: string;
  token: string;
  /** `{ Authorization: 'Bearer …' }` for RequestInit headers. */
  auth: Record<string, string>;
}

// A valid hash of "Correct-Horse-Battery-9" is not needed: these users log in by token only.
const UNUSABLE_HASH =
  'pbkdf2-sha256$100000$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

export async function createUser(
  options: { isAdmin?: boolean; locale?: string; name?: string } = {},
): Promise<TestUser> {
  const id = newId();
  const email = `user-${id}@example.test`;
  const now = Date.now();
  await env.DB.prepare(
    `INSERT INTO users (id, email, name, password_hash, locale, time_zone, is_admin, created_at, updated_at, version)
     VALUES (?1, ?2, ?3, ?4, ?5, 'UTC', ?6, ?7, ?7, 1)`,
  )
    .bind(
      id,
      email,
      options.name ?? 'Test User',
      UNUSABLE_HASH,
      options.locale ?? 'en',
      options.isAdmin ? 1 : 0,
      now,
    )
    .run();
  const sessionId = await insertSession(id);
  const ring = await parseKeyRing(env.JWT_SIGNING_KEYS as string);
  const { token } = await signAccessToken(ring, {
    sub: id,
    sid: sessionId,
    admin: options.isAdmin ?? false,
    ...(options.locale ? { locale: options.locale } : {}),
  });
  return { id, email, sessionId, token, auth: { Authorization: `Bearer ${token}` } };
}

/** Makes `user` a member of `buildingId` with `role`, directly in D1. */
export async function addMember(
  buildingId: string,
  userId: string,
  role: 'manager' | 'resident',
): Promise<void> {
  const now = Date.now();
  await env.DB.prepare(
    `INSERT INTO memberships (building_id, user_id, role, created_at, updated_at, version) VALUES (?1, ?2, ?3, ?4, ?4, 1)`,
  )
    .bind(buildingId, userId, role, now)
    .run();
}

/** A live login of `userId` (what access tokens name in `sid`), directly in D1; returns its ID. */
export async function insertSession(userId: string, sessionId = newId()): Promise<string> {
  const now = Date.now();
  await env.DB.prepare(
    `INSERT INTO sessions (id, user_id, expires_at, created_at, updated_at, version) VALUES (?1, ?2, ?3, ?4, ?4, 1)`,
  )
    .bind(sessionId, userId, now + 30 * 86_400_000, now)
    .run();
  return sessionId;
}
