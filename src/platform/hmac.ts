// HMAC-SHA-256 under a server secret, as lowercase hex: for values stored to be matched later but never reversed.

const keys = new Map<string, Promise<CryptoKey>>();
const MAX_KEYS = 16;
const utf8 = new TextEncoder();

function keyFor(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey('raw', utf8.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
      'sign',
    ]);
    // A handful of secrets per isolate (one per var); never unbounded.
    if (keys.size >= MAX_KEYS) keys.clear();
    keys.set(secret, key);
  }
  return key;
}

/**
 * Unlike a plain SHA-256, a copy of the stored value alone does not let anyone test guesses of the input
 * (a password inside a request body, an email): that needs the secret too.
 */
export async function hmacHex(secret: string, data: Uint8Array | string): Promise<string> {
  const bytes = typeof data === 'string' ? utf8.encode(data) : data;
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', await keyFor(secret), bytes));
  return Array.from(mac, (byte) => byte.toString(16).padStart(2, '0')).join('');
}
