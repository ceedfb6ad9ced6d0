// Representation headers the buildings routes share: the versioned ETag and Content-Language.
import { entityTag } from '../../platform/entity-tag';
import type { Language } from '../../platform/i18n';

/**
 * `ETag` (over the exact body, so it changes with the caller's role and language too) and, because the body
 * carries formatted money, `Content-Language`.
 */
export async function representationHeaders(
  version: number,
  body: unknown,
  language: Language,
): Promise<{ ETag: string; 'Content-Language': Language }> {
  return { ETag: await entityTag(version, body), 'Content-Language': language };
}
