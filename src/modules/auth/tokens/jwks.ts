// The public JSON Web Key Set, so that other services can verify access tokens without any secret.
import type { KeyRing, PublicJwk } from './key-ring';

export interface JwksDocument {
  keys: PublicJwk[];
}

export function jwksDocument(ring: KeyRing): JwksDocument {
  return { keys: ring.publicJwks() };
}

// A cache may keep the document fresh for 5 minutes and then serve it stale once more while it
// refetches, so a verifier sees a newly published key at most about 15 minutes later: within one
// access-token lifetime. That is why a new key is published (placed before the last entry of
// JWT_SIGNING_KEYS) for at least that long before it is moved to the end and starts signing.
export const JWKS_CACHE_CONTROL = 'public, max-age=300, stale-while-revalidate=600';
