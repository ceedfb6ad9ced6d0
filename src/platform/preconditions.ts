// If-Match on writes (RFC 9110 §13.1.1): which record versions the client's entity tags name.
import { z } from '@hono/zod-openapi';
import { parseEntityTagList, versionOfTag } from './entity-tag';

export const IfMatchHeaderSchema = z.object({
  'if-match': z.string().max(2048).optional().openapi({
    description:
      'An `ETag` from an earlier answer: the write applies only if the record has not changed since, else 412 `precondition_failed`.',
    example: '"3-8f14e45fceea167a"',
  }),
});

/**
 * The record versions an `If-Match` header accepts; undefined when there is no condition (absent, or `*`:
 * the record must only exist). Our tags carry the record's version, and that is what is compared: a
 * weak tag (`W/`, as Cloudflare's edge turns strong tags into when it compresses) or a tag of another
 * representation (other `?fields=`, other encoding) still names that version. Tags that are not ours
 * name no version, so they give 412.
 */
export function acceptedVersions(header: string | undefined): number[] | undefined {
  if (header === undefined) return undefined;
  const tags = parseEntityTagList(header);
  if (tags === '*') return undefined;
  return tags.map(versionOfTag).filter((version): version is number => version !== undefined);
}
