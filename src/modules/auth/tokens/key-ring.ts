// Turns the JWT_SIGNING_KEYS secret into imported signing and verification keys, once per isolate.
import { z } from 'zod';

export const SIGNING_ALGORITHMS = ['EdDSA', 'ES256'] as const;
export type SigningAlgorithm = (typeof SIGNING_ALGORITHMS)[number];

/** One key of the ring, imported for a single purpose (private to sign, public to verify). */
export interface RingKey {
  readonly kid: string;
  readonly alg: SigningAlgorithm;
  readonly key: CryptoKey;
}

/** What the JWKS endpoint publishes for a key: enough to verify, nothing that signs. */
export interface PublicJwk {
  kty: 'OKP' | 'EC';
  crv: 'Ed25519' | 'P-256';
  x: string;
  y?: string;
  kid: string;
  alg: SigningAlgorithm;
  use: 'sig';
}

export interface KeyRing {
  /** The private key of the newest (last) entry: every new token is signed with it. */
  readonly signingKey: RingKey;
  /** The algorithms present in the ring; a verifier must accept no others. */
  readonly algorithms: readonly SigningAlgorithm[];
  /** The public key for a `kid`, or undefined when the ring does not (or no longer) hold it. */
  verificationKey(kid: string): RingKey | undefined;
  /** Fresh copies, so a caller cannot alter what later requests publish. */
  publicJwks(): PublicJwk[];
}

/** A configuration mistake in JWT_SIGNING_KEYS; the message never contains key material. */
export class KeyRingError extends Error {
  constructor(message: string) {
    super(`JWT_SIGNING_KEYS: ${message}`);
    this.name = 'KeyRingError';
  }
}

// Both curves use 32-byte coordinates and scalars; a wrong length is a copy-paste accident.
const coordinate = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'must be 43 base64url characters (32 bytes)');

// The kid travels in every token header and in logs, so keep it short and unambiguous.
const kid = z
  .string()
  .regex(/^[A-Za-z0-9._-]{1,64}$/, 'must be 1-64 characters of A-Z, a-z, 0-9, ".", "_" or "-"');

const entryHead = z.looseObject({ kid, alg: z.string() });

const privateJwkShapes = {
  EdDSA: z.object({ kty: z.literal('OKP'), crv: z.literal('Ed25519'), x: coordinate, d: coordinate }),
  ES256: z.object({
    kty: z.literal('EC'),
    crv: z.literal('P-256'),
    x: coordinate,
    y: coordinate,
    d: coordinate,
  }),
} as const;

// WebCrypto parameters per JWS algorithm: how to import the key, and how to sign the self-check probe.
const webCrypto = {
  EdDSA: { importAs: { name: 'Ed25519' }, signWith: { name: 'Ed25519' } },
  ES256: { importAs: { name: 'ECDSA', namedCurve: 'P-256' }, signWith: { name: 'ECDSA', hash: 'SHA-256' } },
} as const;

// Only used to prove that a private part belongs to its public part.
const probe = new TextEncoder().encode('doorman key-ring self-check');

interface ParsedKey {
  readonly signing: RingKey;
  readonly verification: RingKey;
  readonly publicJwk: PublicJwk;
}

const describeIssues = (error: z.ZodError): string =>
  error.issues.map((issue) => `${issue.path.join('.') || '(value)'} ${issue.message}`).join('; ');

const isSigningAlgorithm = (alg: string): alg is SigningAlgorithm =>
  (SIGNING_ALGORITHMS as readonly string[]).includes(alg);

async function parseEntry(entry: unknown, index: number): Promise<ParsedKey> {
  const head = entryHead.safeParse(entry);
  if (!head.success) {
    throw new KeyRingError(`entry ${index}: ${describeIssues(head.error)}`);
  }
  const { kid, alg } = head.data;
  const where = `key "${kid}"`;
  if (!isSigningAlgorithm(alg)) {
    throw new KeyRingError(
      `${where} has unsupported alg "${alg}" (expected one of ${SIGNING_ALGORITHMS.join(', ')})`,
    );
  }
  // Checked before the shape so that the commonest mistake (pasting the public JWKS) gets a plain answer.
  if (!('d' in head.data)) {
    throw new KeyRingError(`${where} has no private part "d"; every entry must be a private JWK`);
  }
  const shape = privateJwkShapes[alg].safeParse(entry);
  if (!shape.success) {
    throw new KeyRingError(`${where} (${alg}): ${describeIssues(shape.error)}`);
  }

  // Rebuilt from validated fields only, so stray members such as "use" or "key_ops" cannot change the import.
  const publicPart: JsonWebKey =
    shape.data.kty === 'EC'
      ? { kty: 'EC', crv: shape.data.crv, x: shape.data.x, y: shape.data.y }
      : { kty: 'OKP', crv: shape.data.crv, x: shape.data.x };
  let privateKey: CryptoKey;
  let publicKey: CryptoKey;
  const { importAs, signWith } = webCrypto[alg];
  try {
    // Not extractable: nothing in the Worker ever needs the private bytes back out of WebCrypto.
    privateKey = await crypto.subtle.importKey('jwk', { ...publicPart, d: shape.data.d }, importAs, false, [
      'sign',
    ]);
    publicKey = await crypto.subtle.importKey('jwk', publicPart, importAs, true, ['verify']);
  } catch (error) {
    const reason = error instanceof Error ? error.message : 'unknown reason';
    throw new KeyRingError(`${where} could not be imported (${reason})`);
  }

  // workerd imports an Ed25519 "d" that does not match "x" without complaint (P-256 pairs are checked);
  // tokens signed with such a key would fail verification everywhere, so refuse it here, where the
  // cause is still obvious.
  const signature = await crypto.subtle.sign(signWith, privateKey, probe);
  if (!(await crypto.subtle.verify(signWith, publicKey, signature, probe))) {
    throw new KeyRingError(`${where} has a private part "d" that does not match its public part`);
  }

  const publicJwk: PublicJwk =
    shape.data.kty === 'EC'
      ? { kty: 'EC', crv: 'P-256', x: shape.data.x, y: shape.data.y, kid, alg, use: 'sig' }
      : { kty: 'OKP', crv: 'Ed25519', x: shape.data.x, kid, alg, use: 'sig' };
  return {
    signing: Object.freeze({ kid, alg, key: privateKey }),
    verification: Object.freeze({ kid, alg, key: publicKey }),
    publicJwk,
  };
}

async function buildKeyRing(json: string): Promise<KeyRing> {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    // JSON.parse's message quotes the input, which here is a secret; say only what is wrong.
    throw new KeyRingError('is not valid JSON (expected an array of private JWKs)');
  }
  if (!Array.isArray(raw)) {
    throw new KeyRingError('must be a JSON array of private JWKs');
  }
  const entries: readonly unknown[] = raw;
  if (entries.length === 0) {
    throw new KeyRingError('holds no key; at least one private JWK is needed to sign access tokens');
  }

  const seen = new Set<string>();
  for (const [index, entry] of entries.entries()) {
    const parsed = entryHead.safeParse(entry);
    if (!parsed.success) continue; // parseEntry reports it with the full detail.
    if (seen.has(parsed.data.kid)) {
      throw new KeyRingError(`kid "${parsed.data.kid}" appears more than once (entry ${index})`);
    }
    seen.add(parsed.data.kid);
  }

  // One at a time, so that with several bad entries the message always names the first.
  const parsed: ParsedKey[] = [];
  for (const [index, entry] of entries.entries()) {
    parsed.push(await parseEntry(entry, index));
  }
  const newest = parsed.at(-1);
  if (newest === undefined) {
    throw new KeyRingError('holds no key');
  }
  const byKid = new Map(parsed.map((key) => [key.verification.kid, key.verification]));
  const publicJwks = parsed.map((key) => Object.freeze(key.publicJwk));
  const algorithms = Object.freeze([...new Set(parsed.map((key) => key.verification.alg))]);

  return Object.freeze({
    signingKey: newest.signing,
    algorithms,
    verificationKey: (kid: string) => byKid.get(kid),
    publicJwks: () => publicJwks.map((jwk) => ({ ...jwk })),
  });
}

// Keyed by the exact secret text: a redeploy with a new value gets a new ring, while every request of
// an isolate shares one import. A rejection is kept too, because the same text always fails the same way.
const rings = new Map<string, Promise<KeyRing>>();

/**
 * Parses JWT_SIGNING_KEYS: a JSON array of private JWKs (EdDSA/Ed25519 or ES256/P-256), oldest first.
 * The LAST entry signs; every entry verifies. To rotate without refusing live tokens, first add the new
 * key just before the last entry (published, not yet signing), wait out the JWKS cache and any gradual
 * deployment, then move it to the end; remove the old key once its last token has expired (15 min + 30 s).
 */
export function parseKeyRing(json: string): Promise<KeyRing> {
  let ring = rings.get(json);
  if (ring === undefined) {
    ring = buildKeyRing(json);
    rings.set(json, ring);
  }
  return ring;
}
