// Tests for PBKDF2 hashing: format, round trip, salting, upgrade signalling and tolerance of corrupt records.
import { describe, expect, it } from 'vitest';
import {
  hashPassword,
  PASSWORD_HASH_SCHEME,
  PBKDF2_ITERATIONS,
  verifyAgainstDummy,
  verifyPassword,
} from './hash';

// Produced outside workerd with Node's crypto.pbkdf2Sync, so these pin interoperability with standard PBKDF2.
const NODE_SALT = 'ASNFZ4mrze8BI0VniavN7w';
const NODE_VECTOR_1000 = `pbkdf2-sha256$1000$${NODE_SALT}$-AHmRywtb_AYD6PjvSY-DHTVYeBt1R0pT0GarPJnDIU`;
const NODE_VECTOR_CURRENT = `pbkdf2-sha256$100000$${NODE_SALT}$EF6bX7StTfJkAgKhsB0JOSCxO4UqcPcVfbhCMGZlUfI`;

describe('PBKDF2 parameters', () => {
  it('stays within the 100,000 iterations Cloudflare production accepts', () => {
    expect(PBKDF2_ITERATIONS).toBeLessThanOrEqual(100_000);
    expect(PBKDF2_ITERATIONS).toBeGreaterThan(0);
  });
});

describe('hashPassword / verifyPassword', () => {
  it('produces the versioned format and verifies the same password', async () => {
    const stored = await hashPassword('Qm3$vRt8!Lp2');
    expect(stored).toMatch(/^pbkdf2-sha256\$\d+\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(stored.split('$')[0]).toBe(PASSWORD_HASH_SCHEME);
    expect(stored.split('$')[1]).toBe(String(PBKDF2_ITERATIONS));
    await expect(verifyPassword('Qm3$vRt8!Lp2', stored)).resolves.toEqual({ ok: true, needsRehash: false });
  });

  it('refuses a wrong password', async () => {
    const stored = await hashPassword('Qm3$vRt8!Lp2');
    await expect(verifyPassword('Qm3$vRt8!Lp3', stored)).resolves.toEqual({ ok: false, needsRehash: false });
    await expect(verifyPassword('', stored)).resolves.toEqual({ ok: false, needsRehash: false });
  });

  it('salts each hash differently', async () => {
    const [a, b] = await Promise.all([hashPassword('same password'), hashPassword('same password')]);
    expect(a).not.toBe(b);
    expect(a.split('$')[2]).not.toBe(b.split('$')[2]);
    await expect(verifyPassword('same password', a)).resolves.toMatchObject({ ok: true });
    await expect(verifyPassword('same password', b)).resolves.toMatchObject({ ok: true });
  });

  it('matches hashes computed by an independent PBKDF2-SHA256 implementation', async () => {
    await expect(verifyPassword('Qm3$vRt8!Lp2', NODE_VECTOR_CURRENT)).resolves.toEqual({
      ok: true,
      needsRehash: false,
    });
  });

  it('asks for a rehash when the stored iteration count is older', async () => {
    await expect(verifyPassword('correct horse battery staple', NODE_VECTOR_1000)).resolves.toEqual({
      ok: true,
      needsRehash: true,
    });
  });

  it('never asks for a rehash when the password is wrong', async () => {
    await expect(verifyPassword('wrong', NODE_VECTOR_1000)).resolves.toEqual({
      ok: false,
      needsRehash: false,
    });
  });

  it('treats composed and decomposed accents as the same password', async () => {
    const stored = await hashPassword('Caf\u00e9-Qm3$vRt8!');
    await expect(verifyPassword('Cafe\u0301-Qm3$vRt8!', stored)).resolves.toMatchObject({ ok: true });
  });

  it('handles non-ASCII passwords', async () => {
    const stored = await hashPassword('סיסמה-ארוכה-😀-7');
    await expect(verifyPassword('סיסמה-ארוכה-😀-7', stored)).resolves.toMatchObject({ ok: true });
    await expect(verifyPassword('סיסמה-ארוכה-😀-8', stored)).resolves.toMatchObject({ ok: false });
  });
});

describe('malformed stored hashes', () => {
  const [, , salt, key] = NODE_VECTOR_CURRENT.split('$');
  const malformed: Record<string, string> = {
    empty: '',
    'plain text': 'not a hash',
    'unknown scheme': `bcrypt$100000$${salt}$${key}`,
    'scheme in other case': `PBKDF2-SHA256$100000$${salt}$${key}`,
    'missing field': `pbkdf2-sha256$100000$${salt}`,
    'extra field': `pbkdf2-sha256$100000$${salt}$${key}$extra`,
    'zero iterations': `pbkdf2-sha256$0$${salt}$${key}`,
    'negative iterations': `pbkdf2-sha256$-1$${salt}$${key}`,
    'leading zero iterations': `pbkdf2-sha256$0100000$${salt}$${key}`,
    'exponent iterations': `pbkdf2-sha256$1e5$${salt}$${key}`,
    'iterations above platform limit': `pbkdf2-sha256$100001$${salt}$${key}`,
    'huge iterations': `pbkdf2-sha256$999999999999$${salt}$${key}`,
    'salt not base64url': `pbkdf2-sha256$100000$${salt}!$${key}`,
    'padded key': `pbkdf2-sha256$100000$${salt}$${key}=`,
    'standard base64 alphabet': NODE_VECTOR_1000.replace(/-/g, '+').replace(/_/g, '/'),
    'empty salt': `pbkdf2-sha256$100000$$${key}`,
    'short salt': `pbkdf2-sha256$100000$AAAA$${key}`,
    'short key': `pbkdf2-sha256$100000$${salt}$AAAAAAAAAAAAAAAAAAAA`,
    'trailing whitespace': `${NODE_VECTOR_CURRENT} `,
  };

  for (const [name, stored] of Object.entries(malformed)) {
    it(`returns ok:false without throwing for ${name}`, async () => {
      await expect(verifyPassword('Qm3$vRt8!Lp2', stored)).resolves.toEqual({
        ok: false,
        needsRehash: false,
      });
    });
  }

  it('returns ok:false for a non-string record that slipped past the types', async () => {
    await expect(verifyPassword('x', null as unknown as string)).resolves.toEqual({
      ok: false,
      needsRehash: false,
    });
  });
});

describe('verifyAgainstDummy', () => {
  it('resolves after doing the work', async () => {
    await expect(verifyAgainstDummy('anything')).resolves.toBeUndefined();
    await expect(verifyAgainstDummy('')).resolves.toBeUndefined();
  });
});
