// Issues and checks the short-lived access tokens (signed JWTs) that authenticate API requests.
import { base64url, type JWTHeaderParameters, type JWTPayload, jwtVerify, SignJWT } from 'jose';
import { Problem } from '../../../platform/problems';
import type { KeyRing } from './key-ring';

export const ACCESS_TOKEN_TTL_SECONDS = 900;
export const ACCESS_TOKEN_ISSUER = 'doorman';
export const ACCESS_TOKEN_AUDIENCE = 'doorman-api';

// Absorbs clock skew between the Worker and other verifiers of the JWKS.
const CLOCK_TOLERANCE_SECONDS = 30;
// Our tokens are a few hundred characters; refusing anything far larger caps the work an attacker can ask for.
const MAX_TOKEN_LENGTH = 4096;

export interface AccessTokenSubject {
  sub: string;
  sid: string;
  admin?: boolean;
  /** The user's language setting, so language negotiation needs no database read. */
  locale?: string;
}

export interface AccessClaims {
  sub: string;
  sid: string;
  admin: boolean;
  locale?: string;
  jti: string;
  iat: number;
  exp: number;
}

export async function signAccessToken(
  ring: KeyRing,
  claims: AccessTokenSubject,
  now: Date = new Date(),
): Promise<{ token: string; expiresIn: typeof ACCESS_TOKEN_TTL_SECONDS }> {
  if (claims.sub === '' || claims.sid === '') {
    // A caller bug, not a client error: a token without a subject or session must never exist.
    throw new TypeError('signAccessToken needs a non-empty sub and sid');
  }
  const { kid, alg, key } = ring.signingKey;
  const iat = Math.floor(now.getTime() / 1000);
  // "admin" is only written when true, so ordinary tokens stay small and carry no misleading false.
  const payload: JWTPayload = claims.admin === true ? { sid: claims.sid, admin: true } : { sid: claims.sid };
  if (claims.locale !== undefined) payload.locale = claims.locale;
  const token = await new SignJWT(payload)
    .setProtectedHeader({ alg, kid, typ: 'JWT' })
    .setIssuer(ACCESS_TOKEN_ISSUER)
    .setAudience(ACCESS_TOKEN_AUDIENCE)
    .setSubject(claims.sub)
    .setIssuedAt(iat)
    .setExpirationTime(iat + ACCESS_TOKEN_TTL_SECONDS)
    .setJti(crypto.randomUUID())
    .sign(key);
  return { token, expiresIn: ACCESS_TOKEN_TTL_SECONDS };
}

/**
 * The claims of a valid access token. Every failure, whatever its cause, is the same
 * `Problem('unauthenticated')`, so a client learns nothing about why; jose's error stays as `cause` for logs.
 */
export async function verifyAccessToken(
  ring: KeyRing,
  token: string,
  now: Date = new Date(),
): Promise<AccessClaims> {
  try {
    assertCanonicalSignature(token);
    const { payload } = await jwtVerify(token, (header) => keyFor(ring, header), {
      algorithms: [...ring.algorithms],
      issuer: ACCESS_TOKEN_ISSUER,
      audience: ACCESS_TOKEN_AUDIENCE,
      typ: 'JWT',
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      // A token we signed is never older than its lifetime; this also refuses a far-future "exp".
      maxTokenAge: ACCESS_TOKEN_TTL_SECONDS,
      currentDate: now,
      // jose only checks "exp" when present; without this a token lacking it would never expire.
      requiredClaims: ['exp', 'iat', 'jti', 'sub'],
    });
    return claimsOf(payload);
  } catch (cause) {
    throw new Problem('unauthenticated', { cause });
  }
}

function keyFor(ring: KeyRing, header: JWTHeaderParameters): CryptoKey {
  if (header.kid === undefined) throw new Error('access token has no "kid" header');
  const entry = ring.verificationKey(header.kid);
  if (entry === undefined) throw new Error(`access token kid "${header.kid}" is not in the key ring`);
  // Each key serves one algorithm; never let the token's header choose another for it.
  if (header.alg !== entry.alg) throw new Error(`access token alg "${header.alg}" does not match its key`);
  return entry.key;
}

// base64url decoders (jose's included) ignore the unused low bits of the last character, so several
// spellings of one signature verify. The header and payload are signed as text, but the signature is
// not, so without this a valid token could be respelled, e.g. past a deny-list keyed by the token string.
function assertCanonicalSignature(token: string): void {
  if (token.length > MAX_TOKEN_LENGTH) throw new Error('access token is too long');
  const signature = token.split('.')[2];
  if (signature === undefined) throw new Error('access token is not a compact JWS');
  if (base64url.encode(base64url.decode(signature)) !== signature) {
    throw new Error('access token signature is not canonical base64url');
  }
}

function claimsOf(payload: JWTPayload): AccessClaims {
  const { sub, sid, admin, jti, iat, exp, locale } = payload;
  if (typeof sub !== 'string' || sub === '') throw new Error('access token has no "sub"');
  if (typeof sid !== 'string' || sid === '') throw new Error('access token has no "sid"');
  if (admin !== undefined && typeof admin !== 'boolean')
    throw new Error('access token "admin" is not a boolean');
  if (typeof jti !== 'string' || typeof iat !== 'number' || typeof exp !== 'number') {
    throw new Error('access token lacks "jti", "iat" or "exp"');
  }
  const claims: AccessClaims = { sub, sid, admin: admin === true, jti, iat, exp };
  if (typeof locale === 'string' && locale.length <= 35) claims.locale = locale;
  return claims;
}
