// Tests for the development key: usable locally, and recognised wherever it must be refused.
import { describe, expect, it } from 'vitest';
import { containsDevelopmentKey, DEV_JWT_SIGNING_KEYS, DEV_SIGNING_KEY_ID } from './development-keys';
import { parseKeyRing } from './modules/auth/tokens/key-ring';
import { privateJwk, ringJson } from './modules/auth/tokens/test-keys';

describe('development key', () => {
  it('is a valid one-key ring with kid dev-2026-11', async () => {
    expect(DEV_SIGNING_KEY_ID).toBe('dev-2026-11');
    const entries = JSON.parse(DEV_JWT_SIGNING_KEYS) as unknown[];
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ kid: 'dev-2026-11', alg: 'EdDSA', kty: 'OKP', crv: 'Ed25519' });
    expect((await parseKeyRing(DEV_JWT_SIGNING_KEYS)).signingKey.kid).toBe(DEV_SIGNING_KEY_ID);
  });

  it('is detected in any ring that holds it, by kid or by key material', async () => {
    const [dev] = JSON.parse(DEV_JWT_SIGNING_KEYS) as [Record<string, string>];
    const real = await privateJwk('EdDSA', 'prod-2026-11');
    expect(containsDevelopmentKey(DEV_JWT_SIGNING_KEYS)).toBe(true);
    expect(containsDevelopmentKey(ringJson(real, dev))).toBe(true);
    expect(containsDevelopmentKey(ringJson(dev, real))).toBe(true);
    expect(containsDevelopmentKey(ringJson({ ...dev, kid: 'renamed' }))).toBe(true);
    expect(containsDevelopmentKey(ringJson({ ...real, kid: DEV_SIGNING_KEY_ID }))).toBe(true);
  });

  it('is not reported in a ring without it, nor in text that is not a key ring', async () => {
    const real = await privateJwk('EdDSA', 'prod-2026-11');
    expect(containsDevelopmentKey(ringJson(real))).toBe(false);
    for (const text of ['', 'not json', '{"kid":"dev-2026-11"}', '[null, 1, "dev-2026-11"]']) {
      expect(containsDevelopmentKey(text)).toBe(false);
    }
  });
});
