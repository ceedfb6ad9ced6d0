// Webhook signing secrets: `whsec_<base64>` per Standard Webhooks, sealed at rest with AES-GCM under WEBHOOK_SECRET_KEY.
import { base64url } from 'jose';

const SECRET_PREFIX = 'whsec_';
/** 24 random bytes: the length the Standard Webhooks libraries generate (within their 24 to 64). */
const SECRET_BYTES = 24;
const utf8 = new TextEncoder();
const keys = new Map<string, Promise<CryptoKey>>();

const toBase64 = (bytes: Uint8Array): string => btoa(String.fromCharCode(...bytes));
const fromBase64 = (text: string): Uint8Array => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

/** A new signing secret, as the integrator sees it once. */
export function generateSecret(): string {
  return `${SECRET_PREFIX}${toBase64(crypto.getRandomValues(new Uint8Array(SECRET_BYTES)))}`;
}

/** The HMAC key bytes of a `whsec_` secret (what both ends sign with). */
export const secretKeyBytes = (secret: string): Uint8Array =>
  fromBase64(secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret);

// The server secret is a passphrase of any length: SHA-256 of it is the AES-256 key. It is high-entropy by
// contract (at least 32 characters, the published development value refused), so no slow KDF is needed.
function sealingKey(serverSecret: string): Promise<CryptoKey> {
  let key = keys.get(serverSecret);
  if (!key) {
    key = crypto.subtle
      .digest('SHA-256', utf8.encode(`doorman webhook secrets\n${serverSecret}`))
      .then((raw) => crypto.subtle.importKey('raw', raw, 'AES-GCM', false, ['encrypt', 'decrypt']));
    if (keys.size >= 4) keys.clear();
    keys.set(serverSecret, key);
  }
  return key;
}

/**
 * `v1.<iv>.<ciphertext>`: a copy of D1 alone cannot sign as us. The endpoint id is bound in as additional data,
 * so a sealed secret copied onto another endpoint's row does not open there.
 */
export async function sealSecret(serverSecret: string, endpointId: string, secret: string): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const sealed = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: utf8.encode(endpointId) },
    await sealingKey(serverSecret),
    utf8.encode(secret),
  );
  return `v1.${base64url.encode(iv)}.${base64url.encode(new Uint8Array(sealed))}`;
}

export async function openSecret(serverSecret: string, endpointId: string, sealed: string): Promise<string> {
  const [version, iv, data] = sealed.split('.');
  if (version !== 'v1' || !iv || !data) throw new Error('webhook secret: unknown sealing format');
  const plain = await crypto.subtle.decrypt(
    { name: 'AES-GCM', iv: base64url.decode(iv), additionalData: utf8.encode(endpointId) },
    await sealingKey(serverSecret),
    base64url.decode(data),
  );
  return new TextDecoder().decode(plain);
}
