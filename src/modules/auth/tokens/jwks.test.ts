// Tests for the JWKS document: it lets anyone verify our tokens, and leaks nothing that signs.
import { createLocalJWKSet, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { DEV_JWT_SIGNING_KEYS, DEV_SIGNING_KEY_ID } from '../../../development-keys';
import { signAccessToken } from './access-token';
import { JWKS_CACHE_CONTROL, jwksDocument } from './jwks';
import { parseKeyRing } from './key-ring';
import { privateJwk, ringJson } from './test-keys';

describe('jwksDocument', () => {
  it('lists every key of the ring without private parts', async () => {
    const old = await privateJwk('ES256', 'old');
    const current = await privateJwk('EdDSA', 'current');
    const document = jwksDocument(await parseKeyRing(ringJson(old, current)));
    expect(document.keys.map((key) => key.kid)).toEqual(['old', 'current']);
    const text = JSON.stringify(document);
    expect(text).not.toContain('"d"');
    expect(text).not.toContain(old.d);
    expect(text).not.toContain(current.d);
  });

  it('is enough for a third party to verify an access token (jose remote-JWKS style)', async () => {
    const ring = await parseKeyRing(DEV_JWT_SIGNING_KEYS);
    const { token } = await signAccessToken(ring, { sub: 'u', sid: 's' });
    const keys = createLocalJWKSet(JSON.parse(JSON.stringify(jwksDocument(ring))));
    const { protectedHeader } = await jwtVerify(token, keys, { issuer: 'doorman', audience: 'doorman-api' });
    expect(protectedHeader.kid).toBe(DEV_SIGNING_KEY_ID);
  });

  it('may be cached, but briefly enough for a new key to be seen within one token lifetime', () => {
    expect(JWKS_CACHE_CONTROL).toBe('public, max-age=300, stale-while-revalidate=600');
    const seconds = (name: string): number =>
      Number(new RegExp(`${name}=(\\d+)`).exec(JWKS_CACHE_CONTROL)?.[1]);
    expect(seconds('max-age') + seconds('stale-while-revalidate')).toBeLessThanOrEqual(900);
  });
});
