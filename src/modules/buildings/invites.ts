// Invite codes: random, hashed, expiring, single use; joining with one is race-safe. Knows nothing of HTTP.
import { and, eq, exists, gt, isNull, notExists, sql } from 'drizzle-orm';
import type { Cache } from '../../platform/cache';
import type { Database } from '../../platform/database';
import { newId } from '../../platform/ids';
import { Problem } from '../../platform/problems';
import { users } from '../auth/tables';
import { newEvent, prepareEvents, raise } from '../events';
import { type BuildingRecord, buildingCacheNamespace } from './access';
import { type CreateInvite, DEFAULT_INVITE_HOURS } from './schema';
import { getBuilding } from './service';
import { bumpVersion, live, notFound } from './shared';
import { buildings, invites, type MemberRole, memberships } from './tables';

// No 0/O, 1/I/L: codes are read aloud and typed from paper.
const INVITE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const INVITE_CODE_LENGTH = 10;

/** Uniformly random: bytes past the largest multiple of the alphabet's size are thrown away, not folded. */
export function newInviteCode(): string {
  const size = INVITE_ALPHABET.length;
  const ceiling = 256 - (256 % size);
  let code = '';
  while (code.length < INVITE_CODE_LENGTH) {
    for (const byte of crypto.getRandomValues(new Uint8Array(INVITE_CODE_LENGTH * 2))) {
      if (byte < ceiling && code.length < INVITE_CODE_LENGTH) code += INVITE_ALPHABET[byte % size];
    }
  }
  return code;
}

/** People type codes in lower case, with spaces or dashes: they all name the same invite. */
export const normalizeInviteCode = (code: string): string => code.toUpperCase().replace(/[\s-]+/g, '');

/** Only this is stored: a leaked table does not let anyone join. */
export async function hashInviteCode(code: string): Promise<string> {
  const digest = new Uint8Array(
    await crypto.subtle.digest('SHA-256', new TextEncoder().encode(normalizeInviteCode(code))),
  );
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

export interface CreatedInvite {
  code: string;
  role: MemberRole;
  expiresAt: Date;
}

export async function createInvite(
  db: Database,
  buildingId: string,
  createdBy: string,
  options: CreateInvite,
  now = new Date(),
): Promise<CreatedInvite> {
  const code = newInviteCode();
  const role = options.role ?? 'resident';
  const expiresAt = new Date(now.getTime() + (options.expiresInHours ?? DEFAULT_INVITE_HOURS) * 3_600_000);
  await db.insert(invites).values({
    id: newId(),
    buildingId,
    codeHash: await hashInviteCode(code),
    role,
    expiresAt,
    createdBy,
    createdAt: now,
    updatedAt: now,
    version: 1,
  });
  return { code, role, expiresAt };
}

const isMember = (buildingId: string, userId: string) =>
  and(eq(memberships.buildingId, buildingId), eq(memberships.userId, userId));

/**
 * Spends the invite and adds the membership in one batch (one transaction). The UPDATE is the gate: only
 * the request whose UPDATE changes the row inserts a membership, so racing joins with one code have one winner.
 */
export async function joinBuilding(
  db: Database,
  cache: Cache,
  userId: string,
  code: string,
  now = new Date(),
): Promise<{ building: BuildingRecord; role: MemberRole }> {
  const codeHash = await hashInviteCode(code);
  const [invite] = await db
    .select({
      id: invites.id,
      buildingId: invites.buildingId,
      usedAt: invites.usedAt,
      expiresAt: invites.expiresAt,
      role: invites.role,
    })
    .from(invites)
    .innerJoin(buildings, eq(buildings.id, invites.buildingId))
    .where(and(eq(invites.codeHash, codeHash), isNull(buildings.deletedAt)))
    .limit(1);
  if (!invite) throw notFound();
  const { buildingId } = invite;
  const alreadyMember = async () =>
    (
      await db
        .select({ userId: memberships.userId })
        .from(memberships)
        .where(isMember(buildingId, userId))
        .limit(1)
    ).length > 0;
  if (await alreadyMember()) throw new Problem('already_member');
  if (invite.usedAt !== null || invite.expiresAt.getTime() <= now.getTime())
    throw new Problem('invite_expired');

  const [joiner] = await db.select({ name: users.name }).from(users).where(eq(users.id, userId)).limit(1);
  const joined = newEvent(
    'member.joined',
    buildingId,
    { buildingId, userId, name: joiner?.name ?? '', role: invite.role, joinedAt: now.toISOString() },
    now,
  );
  // The joiner's cached "not a member" answer goes in the same transaction as the membership arrives, and
  // `member.joined` only if the membership did.
  const write = prepareEvents(db, [
    db
      .update(invites)
      .set({ usedAt: now, usedBy: userId, updatedAt: now, version: bumpVersion(invites.version) })
      .where(
        and(
          eq(invites.id, invite.id),
          isNull(invites.usedAt),
          gt(invites.expiresAt, now),
          exists(db.select({ id: buildings.id }).from(buildings).where(live(buildingId))),
          notExists(
            db.select({ userId: memberships.userId }).from(memberships).where(isMember(buildingId, userId)),
          ),
        ),
      )
      .returning({ role: invites.role }),
    db
      .insert(memberships)
      .select(
        sql`select ${invites.buildingId}, ${userId}, ${invites.role}, ${now.getTime()}, ${now.getTime()}, 1 from ${invites} where ${invites.id} = ${invite.id} and ${invites.usedBy} = ${userId} and ${invites.usedAt} = ${now.getTime()}`,
      )
      .onConflictDoNothing(),
    raise(joined, { ifChanged: true }),
  ]);
  const results = await cache.writeAndInvalidate(write.statements, buildingCacheNamespace(buildingId));
  write.committed(results);
  const [won] = results[0] as { role: MemberRole }[];
  if (won) return { building: await getBuilding(db, buildingId), role: won.role };
  // Lost a race: to the same user (already a member now), or to someone else (the code is spent).
  if (await alreadyMember()) throw new Problem('already_member');
  await getBuilding(db, buildingId);
  throw new Problem('invite_expired');
}
