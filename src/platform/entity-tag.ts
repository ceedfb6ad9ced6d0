// Entity tags (RFC 9110 §8.8.3): strong validators for representations, list parsing, weak/strong comparison.
//
// Shapes of our tags:
// - `"<version>-<16 hex>"`: a versioned record's representation (`entityTag`), so If-Match can read the version.
// - `"<16 hex>"`: any other JSON answer, from its bytes (`contentEntityTag`).
// - either with `-br` / `-gzip` before the closing quote: the same representation sent with that content coding
//   (`withContentCoding`), because a strong tag names exactly one sequence of bytes. Comparisons that should hold
//   whatever coding the client asks for strip it first (`withoutContentCoding`, `weakMatchAnyCoding`).

import { serializeJson } from './json-body';

const encoder = new TextEncoder();

/** The content codings a tag may name (those the compression middleware produces). */
export type TaggedContentCoding = 'br' | 'gzip';

const CODING_SUFFIX = /-(?:br|gzip)"$/;
/** entity-tag = [ "W/" ] DQUOTE *etagc DQUOTE; etagc = %x21 / %x23-7E / obs-text (RFC 9110 §8.8.3). */
const ENTITY_TAG = /^(?:W\/)?"[\x21\x23-\x7e\x80-\xff]*"$/;

const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

async function sha256Hex16(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  let hex = '';
  for (let i = 0; i < 8; i += 1) hex += HEX[digest[i] as number];
  return hex;
}

/** `"<version>-<sha256 of the body, 16 hex>"`: changes with the record and with the representation. */
export async function entityTag(version: number, body: unknown): Promise<string> {
  return `"${version}-${await sha256Hex16(encoder.encode(serializeJson(body)))}"`;
}

/** `"<sha256 of the bytes, 16 hex>"`: a strong tag for exactly these bytes (the identity representation). */
export async function contentEntityTag(bytes: Uint8Array | string): Promise<string> {
  return `"${await sha256Hex16(typeof bytes === 'string' ? encoder.encode(bytes) : bytes)}"`;
}

/**
 * The version an entity tag was made from, or undefined when it is not one of ours. Accepts the weak form and a
 * content-coding suffix, so a tag from a compressed or edge-weakened answer still names its version.
 */
export function versionOfTag(tag: string): number | undefined {
  const match = /^(?:W\/)?"(\d{1,15})-[0-9a-f]{16}(?:-(?:br|gzip))?"$/.exec(tag.trim());
  return match ? Number(match[1]) : undefined;
}

/** Whether `tag` is a well-formed entity-tag (strong or weak). */
export const isEntityTag = (tag: string): boolean => ENTITY_TAG.test(tag);

/** Whether `tag` is a weak entity-tag (`W/"…"`). */
export const isWeakTag = (tag: string): boolean => tag.startsWith('W/');

/** The quoted opaque-tag without the weakness indicator. */
const opaque = (tag: string): string => (isWeakTag(tag) ? tag.slice(2) : tag);

/**
 * The members of an `If-Match` / `If-None-Match` field value (RFC 9110 §13.1.1-2): `'*'` for the wildcard,
 * otherwise each well-formed entity-tag in order. Commas inside a quoted tag are part of the tag; malformed
 * members are skipped (they can match nothing). An absent or empty field gives `[]`.
 */
export function parseEntityTagList(header: string | null | undefined): '*' | string[] {
  if (header === null || header === undefined) return [];
  const tags: string[] = [];
  let i = 0;
  const n = header.length;
  while (i < n) {
    const ch = header[i];
    if (ch === ' ' || ch === '\t' || ch === ',') {
      i++;
      continue;
    }
    let end: number;
    if (ch === '"' || (ch === 'W' && header.startsWith('W/"', i))) {
      const open = ch === '"' ? i : i + 2;
      const close = header.indexOf('"', open + 1);
      if (close === -1) break; // unterminated: nothing more can be read
      end = close + 1;
    } else {
      const comma = header.indexOf(',', i);
      end = comma === -1 ? n : comma;
    }
    const member = header.slice(i, end).trim();
    if (member === '*') return '*';
    if (isEntityTag(member)) tags.push(member);
    i = end;
  }
  return tags;
}

/** Weak comparison (RFC 9110 §8.8.3.2): the opaque-tags are equal, either or both may be weak. */
export function weakMatch(a: string, b: string): boolean {
  return isEntityTag(a) && isEntityTag(b) && opaque(a) === opaque(b);
}

/** Strong comparison (RFC 9110 §8.8.3.2): neither is weak and the opaque-tags are equal. */
export function strongMatch(a: string, b: string): boolean {
  return isEntityTag(a) && isEntityTag(b) && !isWeakTag(a) && !isWeakTag(b) && a === b;
}

/** The tag of the same representation sent with `coding`: `"x"` → `"x-br"`. Weak tags already cover every coding. */
export function withContentCoding(tag: string, coding: TaggedContentCoding): string {
  if (!isEntityTag(tag) || isWeakTag(tag)) return tag;
  return `${withoutContentCoding(tag).slice(0, -1)}-${coding}"`;
}

/** The tag without a content-coding suffix: `"x-br"` → `"x"`, `W/"x-gzip"` → `W/"x"`. */
export function withoutContentCoding(tag: string): string {
  return isEntityTag(tag) ? tag.replace(CODING_SUFFIX, '"') : tag;
}

/**
 * Weak comparison that ignores the content-coding suffix: whether two tags name the same content, whatever coding
 * each was sent with. This is how If-None-Match is evaluated, so a client that cached a gzip answer still gets
 * 304 when it now asks for br.
 */
export function weakMatchAnyCoding(a: string, b: string): boolean {
  return weakMatch(withoutContentCoding(a), withoutContentCoding(b));
}
