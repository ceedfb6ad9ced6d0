// Seals stored answers with AES-GCM under a key derived (HKDF) from the client's Idempotency-Key and scope.
import { decodeBase64Url, encodeBase64Url } from '../../platform/encoding';

const utf8 = new TextEncoder();
const IV_BYTES = 12;

export async function hashKey(key: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', utf8.encode(key));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

async function sealingKey(key: string, scope: string): Promise<CryptoKey> {
  const material = await crypto.subtle.importKey('raw', utf8.encode(key), 'HKDF', false, ['deriveKey']);
  return crypto.subtle.deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt: utf8.encode(scope), info: utf8.encode('doorman idempotency v1') },
    material,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
}

/** base64url(IV ‖ ciphertext); `context` (the request fingerprint) is authenticated with it. */
export async function seal(key: string, scope: string, context: string, plain: Uint8Array): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const cipher = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: utf8.encode(context) },
    await sealingKey(key, scope),
    plain,
  );
  const sealed = new Uint8Array(IV_BYTES + cipher.byteLength);
  sealed.set(iv);
  sealed.set(new Uint8Array(cipher), IV_BYTES);
  return encodeBase64Url(sealed);
}

/** The plain bytes, or undefined when the text was not sealed by `seal` with this key, scope and context. */
export async function unseal(
  key: string,
  scope: string,
  context: string,
  sealed: string,
): Promise<Uint8Array | undefined> {
  const bytes = decodeBase64Url(sealed);
  if (!bytes || bytes.length < IV_BYTES) return undefined;
  try {
    const plain = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: bytes.subarray(0, IV_BYTES), additionalData: utf8.encode(context) },
      await sealingKey(key, scope),
      bytes.subarray(IV_BYTES),
    );
    return new Uint8Array(plain);
  } catch {
    return undefined;
  }
}
