// base64url (RFC 4648 §5) helpers over jose's codec: strict decoding for values we stored or signed.
import { base64url } from 'jose';

export const encodeBase64Url = (bytes: Uint8Array): string => base64url.encode(bytes);

/**
 * The bytes of canonical base64url text, or null. Decoders ignore the unused low bits of the last
 * character, so the re-encoding check refuses the other spellings: one value has one textual form.
 */
export function decodeBase64Url(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return null;
  try {
    const bytes = base64url.decode(text);
    return base64url.encode(bytes) === text ? bytes : null;
  } catch {
    return null;
  }
}
