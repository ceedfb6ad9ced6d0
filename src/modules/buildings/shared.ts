// Query pieces the buildings, members and invites services share.
import { and, eq, isNull, type SQL, sql } from 'drizzle-orm';
import { Problem } from '../../platform/problems';
import { buildings, type invites, type memberships } from './tables';

/** `undefined`: no If-Match, any version may be changed; otherwise only one of these versions. */
export type ExpectedVersions = readonly number[] | undefined;

export const notFound = () => new Problem('not_found');
export const bumpVersion = (
  column: typeof buildings.version | typeof memberships.version | typeof invites.version,
) => sql`${column} + 1`;
export const live = (buildingId: string): SQL | undefined =>
  and(eq(buildings.id, buildingId), isNull(buildings.deletedAt));
