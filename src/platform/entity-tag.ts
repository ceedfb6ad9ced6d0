// Entity tags: a strong validator for one representation, carrying the record's version so If-Match can compare it.

const encoder = new TextEncoder();

/** `"<version>-<sha256 of the body, 16 hex>"`: changes with the record and with the representation. */
export async function entityTag(version: number, body: unknown): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', encoder.encode(JSON.stringify(body)));
  const hex = [...new Uint8Array(digest).slice(0, 8)].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `"${version}-${hex}"`;
}

/** The version an entity tag was made from, or undefined when it is not one of ours. */
export function versionOfTag(tag: string): number | undefined {
  const match = /^(?:W\/)?"(\d{1,15})-[0-9a-f]{16}"$/.exec(tag.trim());
  return match ? Number(match[1]) : undefined;
}
