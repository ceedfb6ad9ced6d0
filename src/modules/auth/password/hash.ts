// Password hashing and verification: PBKDF2-SHA256 via WebCrypto, stored in a versioned, self-describing string.
import { decodeBase64Url, encodeBase64Url } from '../../../platform/encoding';

export const PASSWORD_HASH_SCHEME = 'pbkdf2-sha256';

// Cloudflare production rejects PBKDF2 above 100,000 iterations (local workerd does not), so this is
// both the target and the ceiling; a test pins it.
export const PBKDF2_ITERATIONS = 100_000;

const SALT_BYTES = 16;
const KEY_BYTES = 32;

// Stored hashes outside these bounds are treated as corrupt rather than verified: an iteration count
// above the platform ceiling would throw in production, and absurd lengths mean the record was damaged.
const MAX_STORED_ITERATIONS = PBKDF2_ITERATIONS;
const MIN_STORED_SALT_BYTES = 8;
const MAX_STORED_SALT_BYTES = 64;
const MIN_STORED_KEY_BYTES = 16;
const MAX_STORED_KEY_BYTES = 64;

// Random values with no known preimage; verifying against them costs exactly what a real check costs.
const DUMMY_SALT = requireDecoded('OIH0XxNfZgsVTElda9JIHg');
const DUMMY_KEY = requireDecoded('lsz0UnbSA6RXvdhzGR-px77RYx06j4NdJcm1RNatFIU');

export interface PasswordVerification {
  ok: boolean;
  // Only ever true together with ok, so a caller cannot be tricked into rehashing an unverified password.
  needsRehash: boolean;
}

interface ParsedHash {
  iterations: number;
  salt: Uint8Array;
  key: Uint8Array;
}

export async function hashPassword(password: string): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES));
  const key = await deriveKey(password, salt, PBKDF2_ITERATIONS, KEY_BYTES);
  return [PASSWORD_HASH_SCHEME, String(PBKDF2_ITERATIONS), encodeBase64Url(salt), encodeBase64Url(key)].join(
    '$',
  );
}

export async function verifyPassword(password: string, stored: string): Promise<PasswordVerification> {
  const parsed = parseStoredHash(stored);
  if (parsed === null) {
    // A corrupt record must not answer faster than a wrong password would.
    await verifyAgainstDummy(password);
    return { ok: false, needsRehash: false };
  }
  const candidate = await deriveKey(password, parsed.salt, parsed.iterations, parsed.key.length);
  if (!constantTimeEqual(candidate, parsed.key)) return { ok: false, needsRehash: false };
  const needsRehash =
    parsed.iterations !== PBKDF2_ITERATIONS ||
    parsed.salt.length !== SALT_BYTES ||
    parsed.key.length !== KEY_BYTES;
  return { ok: true, needsRehash };
}

// Login calls this for unknown accounts so response time does not reveal whether an email is registered.
export async function verifyAgainstDummy(password: string): Promise<void> {
  const candidate = await deriveKey(password, DUMMY_SALT, PBKDF2_ITERATIONS, KEY_BYTES);
  constantTimeEqual(candidate, DUMMY_KEY);
}

async function deriveKey(
  password: string,
  salt: Uint8Array,
  iterations: number,
  lengthBytes: number,
): Promise<Uint8Array> {
  // NFKC so the same password typed on different platforms (composed vs decomposed accents) still matches,
  // as NIST SP 800-63B recommends.
  const material = new TextEncoder().encode(password.normalize('NFKC'));
  const baseKey = await crypto.subtle.importKey('raw', material, 'PBKDF2', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits(
    { name: 'PBKDF2', hash: 'SHA-256', salt, iterations },
    baseKey,
    lengthBytes * 8,
  );
  return new Uint8Array(bits);
}

function parseStoredHash(stored: unknown): ParsedHash | null {
  if (typeof stored !== 'string') return null;
  const parts = stored.split('$');
  if (parts.length !== 4) return null;
  const [scheme, iterationsText, saltText, keyText] = parts;
  if (scheme !== PASSWORD_HASH_SCHEME || iterationsText === undefined) return null;
  if (saltText === undefined || keyText === undefined) return null;
  if (!/^[1-9][0-9]{0,8}$/.test(iterationsText)) return null;
  const iterations = Number(iterationsText);
  if (iterations > MAX_STORED_ITERATIONS) return null;
  const salt = decodeBase64Url(saltText);
  const key = decodeBase64Url(keyText);
  if (salt === null || salt.length < MIN_STORED_SALT_BYTES || salt.length > MAX_STORED_SALT_BYTES)
    return null;
  if (key === null || key.length < MIN_STORED_KEY_BYTES || key.length > MAX_STORED_KEY_BYTES) return null;
  return { iterations, salt, key };
}

function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  if (typeof crypto.subtle.timingSafeEqual === 'function') return crypto.subtle.timingSafeEqual(a, b);
  // Fallback for runtimes without the workerd extension (e.g. plain Node tooling).
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return diff === 0;
}

function requireDecoded(text: string): Uint8Array {
  const bytes = decodeBase64Url(text);
  if (bytes === null) throw new Error('invalid built-in base64url constant');
  return bytes;
}
