// Tests for parsing JWT_SIGNING_KEYS: which entry signs, what is published, and which mistakes are refused.
import { describe, expect, it } from 'vitest';
import { DEV_JWT_SIGNING_KEYS, DEV_SIGNING_KEY_ID } from '../../../development-keys';
import { KeyRingError, parseKeyRing } from './key-ring';
import { privateJwk, ringJson, withoutPrivatePart } from './test-keys';

async function refusal(json: string): Promise<KeyRingError> {
  const error: unknown = await parseKeyRing(json).then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(KeyRingError);
  return error as KeyRingError;
}

describe('parseKeyRing', () => {
  it('parses the development ring: one EdDSA key that signs and verifies', async () => {
    const ring = await parseKeyRing(DEV_JWT_SIGNING_KEYS);
    expect(ring.signingKey.kid).toBe(DEV_SIGNING_KEY_ID);
    expect(ring.signingKey.alg).toBe('EdDSA');
    expect(ring.signingKey.key.type).toBe('private');
    expect(ring.signingKey.key.extractable).toBe(false);
    expect(ring.verificationKey(DEV_SIGNING_KEY_ID)?.key.type).toBe('public');
    expect(ring.algorithms).toEqual(['EdDSA']);
  });

  it('signs with the LAST entry and verifies with every entry', async () => {
    const old = await privateJwk('ES256', 'old');
    const middle = await privateJwk('EdDSA', 'middle');
    const newest = await privateJwk('EdDSA', 'newest');
    const ring = await parseKeyRing(ringJson(old, middle, newest));
    expect(ring.signingKey.kid).toBe('newest');
    expect(ring.verificationKey('old')?.alg).toBe('ES256');
    expect(ring.verificationKey('middle')?.alg).toBe('EdDSA');
    expect(ring.verificationKey('newest')?.alg).toBe('EdDSA');
    expect(ring.verificationKey('absent')).toBeUndefined();
    expect(ring.verificationKey('__proto__')).toBeUndefined();
    expect([...ring.algorithms].sort()).toEqual(['ES256', 'EdDSA']);
  });

  it('memoizes per exact input: the same string yields the same ring object', async () => {
    const json = ringJson(await privateJwk('EdDSA', 'memo'));
    expect(parseKeyRing(json)).toBe(parseKeyRing(json));
    const first = await parseKeyRing(json);
    expect(await parseKeyRing(json)).toBe(first);
    // Another spelling of the same keys is another input: imported separately, still equivalent.
    const other = await parseKeyRing(` ${json}`);
    expect(other).not.toBe(first);
    expect(other.publicJwks()).toEqual(first.publicJwks());
  });

  it('publishes public parts only, in ring order, with use "sig"', async () => {
    const ed = await privateJwk('EdDSA', 'ed');
    const es = await privateJwk('ES256', 'es');
    const jwks = (await parseKeyRing(ringJson(ed, es))).publicJwks();
    expect(jwks).toEqual([
      { kty: 'OKP', crv: 'Ed25519', x: ed.x, kid: 'ed', alg: 'EdDSA', use: 'sig' },
      { kty: 'EC', crv: 'P-256', x: es.x, y: es.y, kid: 'es', alg: 'ES256', use: 'sig' },
    ]);
    for (const jwk of jwks) expect(jwk).not.toHaveProperty('d');
    expect(JSON.stringify(jwks)).not.toContain(ed.d);
    expect(JSON.stringify(jwks)).not.toContain(es.d);
  });

  it('hands out copies, so a caller cannot change what is published later', async () => {
    const ring = await parseKeyRing(ringJson(await privateJwk('EdDSA', 'copy')));
    const [first] = ring.publicJwks();
    if (first === undefined) throw new Error('expected one key');
    first.kid = 'changed';
    expect(ring.publicJwks()[0]?.kid).toBe('copy');
  });

  it('ignores stray JWK members such as "use" and "key_ops" (they never reach the import)', async () => {
    const key = { ...(await privateJwk('EdDSA', 'stray')), use: 'enc', key_ops: ['encrypt'], ext: true };
    const ring = await parseKeyRing(ringJson(key));
    expect(ring.signingKey.kid).toBe('stray');
  });

  describe('refuses, naming the problem', () => {
    it('malformed JSON, without echoing the secret text', async () => {
      const key = await privateJwk('EdDSA', 'leaky');
      const broken = `${ringJson(key)},`;
      const error = await refusal(broken);
      expect(error.message).toMatch(/JWT_SIGNING_KEYS.*not valid JSON/);
      expect(error.message).not.toContain(key.d);
      expect(error.cause).toBeUndefined();
    });

    it('JSON that is not an array, or an empty array', async () => {
      expect((await refusal('{"kid":"a"}')).message).toMatch(/must be a JSON array/);
      expect((await refusal('[]')).message).toMatch(/holds no key/);
    });

    it('a duplicate kid', async () => {
      const a = await privateJwk('EdDSA', 'twin');
      const b = await privateJwk('EdDSA', 'twin');
      expect((await refusal(ringJson(a, b))).message).toMatch(/kid "twin" appears more than once/);
    });

    it('a public-only key (no private part)', async () => {
      const signer = await privateJwk('EdDSA', 'signer');
      const publicOnly = withoutPrivatePart(await privateJwk('EdDSA', 'public-only'));
      const error = await refusal(ringJson(publicOnly, signer));
      expect(error.message).toMatch(/key "public-only" has no private part "d"/);
    });

    it('an unknown or unsupported alg', async () => {
      const key = await privateJwk('EdDSA', 'odd');
      for (const alg of ['RS256', 'HS256', 'none', 'ES384', 'Ed25519', '']) {
        expect((await refusal(ringJson({ ...key, alg }))).message).toMatch(
          new RegExp(`key "odd" has unsupported alg "${alg}" \\(expected one of EdDSA, ES256\\)`),
        );
      }
    });

    it('a key whose type or curve does not fit its alg', async () => {
      const ed = await privateJwk('EdDSA', 'mixed');
      const es = await privateJwk('ES256', 'mixed');
      expect((await refusal(ringJson({ ...ed, alg: 'ES256' }))).message).toMatch(
        /key "mixed" \(ES256\): kty/,
      );
      expect((await refusal(ringJson({ ...es, alg: 'EdDSA' }))).message).toMatch(
        /key "mixed" \(EdDSA\): kty/,
      );
      expect((await refusal(ringJson({ ...ed, crv: 'Ed448' }))).message).toMatch(
        /key "mixed" \(EdDSA\): crv/,
      );
    });

    it('a missing or unusable kid', async () => {
      const { kid: _kid, ...nameless } = await privateJwk('EdDSA', 'x');
      expect((await refusal(ringJson(nameless))).message).toMatch(/entry 0: kid/);
      const spaced = { ...nameless, kid: 'has space' };
      expect((await refusal(ringJson(spaced))).message).toMatch(/entry 0: kid must be 1-64 characters/);
    });

    it('coordinates of the wrong length, without echoing them', async () => {
      const key = await privateJwk('EdDSA', 'short');
      const error = await refusal(ringJson({ ...key, d: key.d?.slice(1) }));
      expect(error.message).toMatch(/key "short" \(EdDSA\): d must be 43 base64url characters/);
      expect(error.message).not.toContain(key.d?.slice(1));
    });

    it('a private part that belongs to another key', async () => {
      // workerd imports such an Ed25519 key without complaint; only the self-check notices.
      const mine = await privateJwk('EdDSA', 'mismatch');
      const theirs = await privateJwk('EdDSA', 'other');
      const error = await refusal(ringJson({ ...mine, d: theirs.d }));
      expect(error.message).toMatch(
        /key "mismatch" has a private part "d" that does not match its public part/,
      );
      // For P-256 the import itself checks the pair.
      const mineEc = await privateJwk('ES256', 'mismatch-ec');
      const theirsEc = await privateJwk('ES256', 'other-ec');
      const ecError = await refusal(ringJson({ ...mineEc, d: theirsEc.d }));
      expect(ecError.message).toMatch(/key "mismatch-ec" (could not be imported|has a private part "d")/);
    });

    it('an EC point that is not on the curve', async () => {
      const key = await privateJwk('ES256', 'off-curve');
      const error = await refusal(ringJson({ ...key, y: key.x }));
      expect(error.message).toMatch(/key "off-curve" (could not be imported|has a private part)/);
    });

    it('the first bad entry when several are bad', async () => {
      const good = await privateJwk('EdDSA', 'good');
      const first = { ...(await privateJwk('EdDSA', 'first')), alg: 'RS256' };
      const second = withoutPrivatePart(await privateJwk('EdDSA', 'second'));
      expect((await refusal(ringJson(good, first, second))).message).toMatch(/key "first"/);
    });
  });
});
