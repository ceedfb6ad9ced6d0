// The fixed development signing key, public by design, so it must never sign in staging or production.

export const DEV_SIGNING_KEY_ID = 'dev-2026-11';

// Fixed rather than generated per start, so tokens survive a `wrangler dev` restart and every
// developer's tools can verify them. Anyone can read this file, hence containsDevelopmentKey below.
const DEV_SIGNING_JWK = {
  kid: DEV_SIGNING_KEY_ID,
  alg: 'EdDSA',
  kty: 'OKP',
  crv: 'Ed25519',
  x: 'p218U5xkGwV484b8C5OPgO5k-oi1ToQLIT7R5NBZEQ8',
  d: 'kUmVfbwBKFd1oIqXKcKTHO2EFyoIGSob-pYM_FZlKQ0',
} as const;

/** JWT_SIGNING_KEYS for local development and tests: a ring of just the development key. */
export const DEV_JWT_SIGNING_KEYS: string = JSON.stringify([DEV_SIGNING_JWK]);

/**
 * True when a JWT_SIGNING_KEYS value holds the development key, matched by kid or by key material
 * (a renamed copy of the published key is just as unsafe). Text that is not a JSON array yields false:
 * parseKeyRing refuses it with a better message.
 */
export function containsDevelopmentKey(json: string): boolean {
  let entries: unknown;
  try {
    entries = JSON.parse(json);
  } catch {
    return false;
  }
  if (!Array.isArray(entries)) return false;
  return entries.some((entry: unknown) => {
    if (typeof entry !== 'object' || entry === null) return false;
    const { kid, x, d } = entry as Record<string, unknown>;
    return kid === DEV_SIGNING_KEY_ID || x === DEV_SIGNING_JWK.x || d === DEV_SIGNING_JWK.d;
  });
}
