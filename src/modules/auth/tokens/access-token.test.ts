// Tests for access tokens: the round trip, key rotation, and every forgery we know of being refused alike.
import { base64url, SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEV_JWT_SIGNING_KEYS, DEV_SIGNING_KEY_ID } from '../../../development-keys';
import { Problem } from '../../../platform/problems';
import { ACCESS_TOKEN_TTL_SECONDS, signAccessToken, verifyAccessToken } from './access-token';
import { type KeyRing, parseKeyRing, type SigningAlgorithm } from './key-ring';
import { newRefreshToken } from './refresh-token';
import { decodeJson, encodeJson, privateJwk, ringJson, segments } from './test-keys';

const now = new Date('2026-11-25T10:00:00Z');
const nowSeconds = now.getTime() / 1000;
const at = (secondsLater: number): Date => new Date(now.getTime() + secondsLater * 1000);

async function expectRefused(verification: Promise<unknown>): Promise<Problem> {
  const error: unknown = await verification.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(Problem);
  const problem = error as Problem;
  expect(problem.code).toBe('unauthenticated');
  expect(problem.status).toBe(401);
  // The client-facing text is the bare code; what went wrong is kept for logs only.
  expect(problem.message).toBe('unauthenticated');
  expect(problem.options.detail).toBeUndefined();
  expect(problem.cause).toBeDefined();
  return problem;
}

/** A token signed with the ring's real signing key, but with claims and header chosen by the test. */
async function signedWith(
  ring: KeyRing,
  claims: Record<string, unknown>,
  header: Record<string, unknown> = {},
): Promise<string> {
  const { alg, kid, key } = ring.signingKey;
  return new SignJWT(claims).setProtectedHeader({ alg, kid, typ: 'JWT', ...header }).sign(key);
}

const validClaims = {
  iss: 'doorman',
  aud: 'doorman-api',
  sub: 'user-1',
  sid: 'session-1',
  jti: 'jti-1',
  iat: nowSeconds,
  exp: nowSeconds + ACCESS_TOKEN_TTL_SECONDS,
};

describe('access tokens', () => {
  let ring: KeyRing;

  beforeAll(async () => {
    ring = await parseKeyRing(ringJson(await privateJwk('EdDSA', 'current')));
  });

  describe.each<SigningAlgorithm>(['EdDSA', 'ES256'])('round trip with %s', (alg) => {
    it('signs a token that verifies to the same claims', async () => {
      const algRing = await parseKeyRing(ringJson(await privateJwk(alg, `k-${alg}`)));
      const { token, expiresIn } = await signAccessToken(algRing, { sub: 'user-1', sid: 'session-1' }, now);
      expect(expiresIn).toBe(900);
      const claims = await verifyAccessToken(algRing, token, now);
      expect(claims).toEqual({
        sub: 'user-1',
        sid: 'session-1',
        admin: false,
        jti: expect.any(String),
        iat: nowSeconds,
        exp: nowSeconds + 900,
      });
    });
  });

  it('writes the agreed header and claims', async () => {
    const { token } = await signAccessToken(ring, { sub: 'user-1', sid: 'session-1', admin: true }, now);
    const [header, payload] = segments(token);
    expect(decodeJson(header)).toEqual({ alg: 'EdDSA', kid: 'current', typ: 'JWT' });
    const claims = decodeJson(payload);
    expect(claims).toMatchObject({ iss: 'doorman', aud: 'doorman-api', sub: 'user-1', sid: 'session-1' });
    expect(claims.admin).toBe(true);
    expect(claims.exp).toBe(nowSeconds + ACCESS_TOKEN_TTL_SECONDS);
    expect((await verifyAccessToken(ring, token, now)).admin).toBe(true);
  });

  it('leaves "admin" out of ordinary tokens', async () => {
    const { token } = await signAccessToken(ring, { sub: 'u', sid: 's', admin: false }, now);
    expect(decodeJson(segments(token)[1])).not.toHaveProperty('admin');
  });

  it('gives every token its own jti', async () => {
    const tokens = await Promise.all(
      Array.from({ length: 20 }, () => signAccessToken(ring, { sub: 'u', sid: 's' }, now)),
    );
    const jtis = await Promise.all(
      tokens.map(async ({ token }) => (await verifyAccessToken(ring, token, now)).jti),
    );
    expect(new Set(jtis).size).toBe(20);
  });

  it('refuses to sign without a subject or session', async () => {
    await expect(signAccessToken(ring, { sub: '', sid: 's' })).rejects.toThrow(TypeError);
    await expect(signAccessToken(ring, { sub: 'u', sid: '' })).rejects.toThrow(TypeError);
  });

  it('verifies with the development ring', async () => {
    const devRing = await parseKeyRing(DEV_JWT_SIGNING_KEYS);
    const { token } = await signAccessToken(devRing, { sub: 'u', sid: 's' });
    expect(decodeJson(segments(token)[0]).kid).toBe(DEV_SIGNING_KEY_ID);
    expect((await verifyAccessToken(devRing, token)).sub).toBe('u');
  });

  describe('expiry', () => {
    it('accepts a token until 15 minutes plus 30 s of clock tolerance have passed', async () => {
      const { token } = await signAccessToken(ring, { sub: 'u', sid: 's' }, now);
      await expect(verifyAccessToken(ring, token, at(899))).resolves.toBeDefined();
      await expect(verifyAccessToken(ring, token, at(929))).resolves.toBeDefined();
      await expectRefused(verifyAccessToken(ring, token, at(931)));
      await expectRefused(verifyAccessToken(ring, token, at(86_400)));
    });

    it('refuses a token issued more than the tolerance in the future', async () => {
      const { token } = await signAccessToken(ring, { sub: 'u', sid: 's' }, at(120));
      await expectRefused(verifyAccessToken(ring, token, now));
    });

    it('refuses a token without "exp", or with an "exp" beyond the token lifetime', async () => {
      const { exp: _exp, ...withoutExp } = validClaims;
      await expectRefused(verifyAccessToken(ring, await signedWith(ring, withoutExp), now));
      const longLived = { ...validClaims, exp: nowSeconds + 365 * 86_400 };
      await expectRefused(verifyAccessToken(ring, await signedWith(ring, longLived), at(3_600)));
    });
  });

  describe('rotation', () => {
    it('a ring [old, new] signs with new and still verifies tokens from old', async () => {
      const oldKey = await privateJwk('ES256', 'old');
      const newKey = await privateJwk('EdDSA', 'new');
      const before = await parseKeyRing(ringJson(oldKey));
      const during = await parseKeyRing(ringJson(oldKey, newKey));

      const { token: oldToken } = await signAccessToken(before, { sub: 'u', sid: 's' }, now);
      const { token: newToken } = await signAccessToken(during, { sub: 'u', sid: 's' }, now);
      expect(decodeJson(segments(oldToken)[0]).kid).toBe('old');
      expect(decodeJson(segments(newToken)[0]).kid).toBe('new');

      expect((await verifyAccessToken(during, oldToken, now)).sub).toBe('u');
      expect((await verifyAccessToken(during, newToken, now)).sub).toBe('u');
    });

    it('a ring without the old key refuses tokens signed with it', async () => {
      const oldKey = await privateJwk('EdDSA', 'retired');
      const newKey = await privateJwk('EdDSA', 'successor');
      const { token } = await signAccessToken(
        await parseKeyRing(ringJson(oldKey)),
        { sub: 'u', sid: 's' },
        now,
      );
      await expectRefused(verifyAccessToken(await parseKeyRing(ringJson(newKey)), token, now));
    });
  });

  describe('forgeries, all refused as unauthenticated', () => {
    it('alg "none" (an unsigned token)', async () => {
      for (const alg of ['none', 'None', 'NONE']) {
        const header = encodeJson({ alg, kid: 'current', typ: 'JWT' });
        const unsigned = `${header}.${encodeJson(validClaims)}.`;
        await expectRefused(verifyAccessToken(ring, unsigned, now));
      }
    });

    it('HS256 keyed with the public key (algorithm confusion)', async () => {
      const [publicJwk] = ring.publicJwks();
      if (publicJwk === undefined) throw new Error('expected a key');
      const secrets = [
        base64url.decode(publicJwk.x),
        new TextEncoder().encode(publicJwk.x),
        new TextEncoder().encode(JSON.stringify(publicJwk)),
      ];
      for (const secret of secrets) {
        const forged = await new SignJWT(validClaims)
          .setProtectedHeader({ alg: 'HS256', kid: 'current', typ: 'JWT' })
          .sign(secret);
        await expectRefused(verifyAccessToken(ring, forged, now));
      }
    });

    it('a valid kid but another key', async () => {
      const impostor = await parseKeyRing(ringJson(await privateJwk('EdDSA', 'current')));
      const { token } = await signAccessToken(impostor, { sub: 'u', sid: 's' }, now);
      await expectRefused(verifyAccessToken(ring, token, now));
    });

    it("a valid kid with another algorithm than the key's", async () => {
      const impostor = await parseKeyRing(ringJson(await privateJwk('ES256', 'current')));
      const mixed = await parseKeyRing(
        ringJson(await privateJwk('ES256', 'other'), await privateJwk('EdDSA', 'current')),
      );
      const { token } = await signAccessToken(impostor, { sub: 'u', sid: 's' }, now);
      const problem = await expectRefused(verifyAccessToken(mixed, token, now));
      expect(String(problem.cause)).toMatch(/does not match its key/);
    });

    it('an unknown kid, or none at all', async () => {
      const stranger = await parseKeyRing(ringJson(await privateJwk('EdDSA', 'stranger')));
      const { token } = await signAccessToken(stranger, { sub: 'u', sid: 's' }, now);
      await expectRefused(verifyAccessToken(ring, token, now));
      await expectRefused(
        verifyAccessToken(ring, await signedWith(ring, validClaims, { kid: undefined }), now),
      );
    });

    it('a tampered payload', async () => {
      const { token } = await signAccessToken(ring, { sub: 'user-1', sid: 'session-1' }, now);
      const [header, payload, signature] = segments(token);
      for (const change of [{ sub: 'user-2' }, { admin: true }, { exp: nowSeconds + 86_400 }]) {
        const tampered = encodeJson({ ...decodeJson(payload), ...change });
        await expectRefused(verifyAccessToken(ring, `${header}.${tampered}.${signature}`, now));
      }
    });

    it('a tampered header', async () => {
      const { token } = await signAccessToken(ring, { sub: 'u', sid: 's' }, now);
      const [header, payload, signature] = segments(token);
      const tampered = encodeJson({ ...decodeJson(header), extra: 1 });
      await expectRefused(verifyAccessToken(ring, `${tampered}.${payload}.${signature}`, now));
    });

    it('a respelled (non-canonical base64url) signature', async () => {
      const { token } = await signAccessToken(ring, { sub: 'u', sid: 's' }, now);
      const [header, payload, signature] = segments(token);
      const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
      for (const last of alphabet) {
        if (last === signature.at(-1)) continue;
        const respelled = `${header}.${payload}.${signature.slice(0, -1)}${last}`;
        await expectRefused(verifyAccessToken(ring, respelled, now));
      }
      await expectRefused(verifyAccessToken(ring, `${token}=`, now));
    });

    it('a wrong audience or issuer', async () => {
      for (const change of [
        { aud: 'someone-else' },
        { aud: ['x', 'y'] },
        { iss: 'mallory' },
        { iss: undefined },
      ]) {
        await expectRefused(
          verifyAccessToken(ring, await signedWith(ring, { ...validClaims, ...change }), now),
        );
      }
      // The agreed claims themselves are accepted, so the refusals above are for the changed claim.
      await expect(verifyAccessToken(ring, await signedWith(ring, validClaims), now)).resolves.toBeDefined();
    });

    it('a wrong or missing "typ"', async () => {
      await expectRefused(
        verifyAccessToken(ring, await signedWith(ring, validClaims, { typ: 'at+jwt' }), now),
      );
      await expectRefused(
        verifyAccessToken(ring, await signedWith(ring, validClaims, { typ: undefined }), now),
      );
    });

    it('missing or malformed sub, sid, jti or admin', async () => {
      const broken = [
        { sub: undefined },
        { sub: '' },
        { sid: undefined },
        { sid: '' },
        { sid: 42 },
        { jti: undefined },
        { admin: 'true' },
      ];
      for (const change of broken) {
        await expectRefused(
          verifyAccessToken(ring, await signedWith(ring, { ...validClaims, ...change }), now),
        );
      }
    });

    it('garbage strings', async () => {
      const { token } = await signAccessToken(ring, { sub: 'u', sid: 's' }, now);
      const garbage = [
        '',
        ' ',
        'garbage',
        '..',
        'a.b.c',
        'a.b.c.d.e',
        `Bearer ${token}`,
        ` ${token}`,
        `${token}.`,
        token.replaceAll('.', ''),
        newRefreshToken(),
        'ünïcödé.ünïcödé.ünïcödé',
        `${token.slice(0, 100)}\u0000${token.slice(101)}`,
        'A'.repeat(100_000),
        `${encodeJson({ alg: 'EdDSA', kid: 'current' })}.${'A'.repeat(5_000)}.${segments(token)[2]}`,
      ];
      for (const value of garbage) {
        await expectRefused(verifyAccessToken(ring, value, now));
      }
    });
  });
});
