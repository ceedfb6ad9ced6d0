// The JSON envelope a cache entry is stored in: the value (Dates kept as Dates) and the instant it expires.

/**
 * What a cache may hold: JSON, plus Date (drizzle's timestamp columns), which survives the round trip.
 * Declare cached shapes with `type`, not `interface`: an interface has no index signature, so TypeScript
 * will not accept it here, and that refusal is what keeps Maps, class instances and bigints out.
 */
export type Cacheable =
  | string
  | number
  | boolean
  | null
  | Date
  | readonly Cacheable[]
  | { readonly [key: string]: Cacheable | undefined };

const DATE_TAG = '$date';

function replacer(this: unknown, key: string, value: unknown): unknown {
  // JSON.stringify has already turned a Date into a string by now; the holder still has the Date.
  const original = (this as Record<string, unknown>)[key];
  return original instanceof Date ? { [DATE_TAG]: original.getTime() } : value;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function reviver(_key: string, value: unknown): unknown {
  if (isRecord(value) && typeof value[DATE_TAG] === 'number' && Object.keys(value).length === 1) {
    return new Date(value[DATE_TAG]);
  }
  return value;
}

/** The stored text: `{"e": <expires at, epoch ms>, "v": <value>}`. */
export const seal = (value: Cacheable, expiresAt: number): string =>
  JSON.stringify({ e: expiresAt, v: value }, replacer);

/** The value and expiry of a stored text, or undefined when it is not an envelope this code wrote. */
export function unseal(text: string): { readonly value: Cacheable; readonly expiresAt: number } | undefined {
  let parsed: unknown;
  try {
    // The reviver costs a call per JSON node; most entries hold no Date and skip it.
    parsed = text.includes(`"${DATE_TAG}"`) ? JSON.parse(text, reviver) : JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isRecord(parsed) || typeof parsed.e !== 'number' || !('v' in parsed)) return undefined;
  return { value: parsed.v as Cacheable, expiresAt: parsed.e };
}

export type Opened =
  | { readonly state: 'fresh'; readonly value: Cacheable; readonly expiresAt: number }
  | { readonly state: 'expired' }
  | { readonly state: 'corrupt' };

/** Reads a stored text at `now`: fresh while `now < expiresAt`, never at or after it. */
export function open(text: string, now: number): Opened {
  const entry = unseal(text);
  if (!entry) return { state: 'corrupt' };
  if (now >= entry.expiresAt) return { state: 'expired' };
  return { state: 'fresh', ...entry };
}
