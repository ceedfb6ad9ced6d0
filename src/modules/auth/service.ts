// Accounts: registration, login (same answer and about the same time for unknown email and wrong password), the user.
import { eq, sql } from 'drizzle-orm';
import type { Database } from '../../platform/database';
import { newId } from '../../platform/ids';
import { Problem } from '../../platform/problems';
import {
  checkPasswordPolicy,
  hashPassword,
  PASSWORD_MIN_LENGTH,
  verifyAgainstDummy,
  verifyPassword,
} from './password';
import type { User } from './schema';
import { users } from './tables';

type UserRow = typeof users.$inferSelect;

/** Trimmed, Unicode-normalised, lower case: the form that is unique. */
export const normalizeEmail = (email: string): string => email.trim().normalize('NFC').toLowerCase();

export const toUser = (row: UserRow): User => ({
  id: row.id,
  email: row.email,
  name: row.name,
  locale: row.locale,
  timeZone: row.timeZone,
  isAdmin: row.isAdmin,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
  version: row.version,
});

/** Every unmet password rule, as one problem with an `errors[]` entry per rule. */
export async function assertPasswordPolicy(password: string, userInputs: string[]): Promise<void> {
  const failures = await checkPasswordPolicy(password, userInputs);
  if (failures.length === 0) return;
  throw new Problem('password_policy', {
    errors: failures.map((failure) => ({
      path: 'password',
      code: failure.code,
      messageKey: `password.${failure.code}`,
      params: { minimum: PASSWORD_MIN_LENGTH },
    })),
  });
}

export interface Registration {
  email: string;
  password: string;
  name: string;
  locale?: string | undefined;
  timeZone?: string | undefined;
}

export async function register(db: Database, input: Registration, defaultLocale: string): Promise<UserRow> {
  const email = normalizeEmail(input.email);
  await assertPasswordPolicy(input.password, [email, input.name]);
  const [existing] = await db.select({ id: users.id }).from(users).where(eq(users.email, email)).limit(1);
  if (existing) throw new Problem('email_taken');
  const now = new Date();
  try {
    const [row] = await db
      .insert(users)
      .values({
        id: newId(),
        email,
        name: input.name,
        passwordHash: await hashPassword(input.password),
        locale: input.locale ?? defaultLocale,
        timeZone: input.timeZone ?? 'UTC',
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    if (!row) throw new Error('insert returned no row');
    return row;
  } catch (error) {
    // A concurrent registration of the same email lost the race to the unique index.
    if (String(error).includes('UNIQUE constraint failed: users.email')) throw new Problem('email_taken');
    throw error;
  }
}

export async function authenticateWithPassword(
  db: Database,
  email: string,
  password: string,
): Promise<UserRow> {
  const [row] = await db
    .select()
    .from(users)
    .where(eq(users.email, normalizeEmail(email)))
    .limit(1);
  if (!row) {
    // Same PBKDF2 work as a real check, so the answer time does not tell whether the email exists.
    await verifyAgainstDummy(password);
    throw new Problem('invalid_credentials');
  }
  const { ok, needsRehash } = await verifyPassword(password, row.passwordHash);
  if (!ok) throw new Problem('invalid_credentials');
  if (needsRehash) {
    const passwordHash = await hashPassword(password);
    await db
      .update(users)
      .set({ passwordHash, updatedAt: new Date(), version: sql`${users.version} + 1` })
      .where(eq(users.id, row.id));
  }
  return row;
}

export async function findUser(db: Database, id: string): Promise<UserRow> {
  const [row] = await db.select().from(users).where(eq(users.id, id)).limit(1);
  if (!row) throw new Problem('not_found');
  return row;
}

export async function updateUser(
  db: Database,
  id: string,
  changes: { name?: string | undefined; locale?: string | undefined; timeZone?: string | undefined },
): Promise<UserRow> {
  const [row] = await db
    .update(users)
    .set({ ...changes, updatedAt: new Date(), version: sql`${users.version} + 1` })
    .where(eq(users.id, id))
    .returning();
  if (!row) throw new Problem('not_found');
  return row;
}
