// The public face of the token module: routes and middleware import from here, not from its files.

export { containsDevelopmentKey, DEV_JWT_SIGNING_KEYS, DEV_SIGNING_KEY_ID } from '../../../development-keys';
export {
  ACCESS_TOKEN_AUDIENCE,
  ACCESS_TOKEN_ISSUER,
  ACCESS_TOKEN_TTL_SECONDS,
  type AccessClaims,
  type AccessTokenSubject,
  signAccessToken,
  verifyAccessToken,
} from './access-token';
export { JWKS_CACHE_CONTROL, type JwksDocument, jwksDocument } from './jwks';
export {
  type KeyRing,
  KeyRingError,
  type PublicJwk,
  parseKeyRing,
  type RingKey,
  SIGNING_ALGORITHMS,
  type SigningAlgorithm,
} from './key-ring';
export {
  hashRefreshToken,
  looksLikeRefreshToken,
  newRefreshToken,
  REFRESH_TOKEN_PREFIX,
  REFRESH_TOKEN_TTL_SECONDS,
} from './refresh-token';
