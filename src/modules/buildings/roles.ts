// Route middleware: the caller must be a member (or a manager) of the building in the path's `{id}`.
// Another building's resources are 404, never 403, so their existence does not leak.
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../../platform/app-env';
import { database } from '../../platform/database';
import { UUID_PATTERN } from '../../platform/ids';
import { Problem } from '../../platform/problems';
import { type BuildingRecord, buildingAccessCached, loadBuildingAccessFresh } from './access';

/** The caller's standing in the building named by the route's `{id}`. */
export interface BuildingAccess {
  buildingId: string;
  /** `admin` when a platform admin acts in a building they are not a member of. */
  role: 'manager' | 'resident' | 'admin';
  /** The building as read (through the cache) when access was checked. */
  record: BuildingRecord;
}

// `c.var.building`, set by requireMember()/requireManager(): declared here, by the module that sets it, so the
// platform's AppEnv knows no feature. Routes that read it import those middleware from this module.
declare module 'hono' {
  interface ContextVariableMap {
    building: BuildingAccess;
  }
}

export interface RoleOptions {
  /**
   * Read the role (and the admin flag) from D1 instead of the cache, for writes whose permission depends on
   * it: a demotion is then honoured at once rather than within the cache's 5 s bound.
   */
  fresh?: boolean;
}

async function accessOf(
  c: Parameters<MiddlewareHandler<AppEnv>>[0],
  { fresh = false }: RoleOptions,
): Promise<BuildingAccess> {
  const buildingId = c.req.param('id') ?? '';
  if (!UUID_PATTERN.test(buildingId)) throw new Problem('not_found');
  const { id: userId } = c.var.user;
  const { building, role, isAdmin } = fresh
    ? await loadBuildingAccessFresh(database(c.env.DB), buildingId, userId)
    : { ...(await buildingAccessCached(c.env, buildingId, userId)), isAdmin: c.var.user.isAdmin };
  if (!building) throw new Problem('not_found');
  if (role) return { buildingId, role, record: building };
  // Platform admins act in every building (support), as if they managed it.
  if (isAdmin) return { buildingId, role: 'admin', record: building };
  throw new Problem('not_found');
}

/** Any member of the building (residents, managers) or a platform admin. */
export const requireMember =
  (options: RoleOptions = {}): MiddlewareHandler<AppEnv> =>
  async (c, next) => {
    c.set('building', await accessOf(c, options));
    await next();
  };

/** A manager of the building or a platform admin; other members get 403. */
export const requireManager =
  (options: RoleOptions = {}): MiddlewareHandler<AppEnv> =>
  async (c, next) => {
    const access = await accessOf(c, options);
    if (access.role === 'resident') throw new Problem('forbidden');
    c.set('building', access);
    await next();
  };

/** A platform admin; everyone else gets 403. */
export const requireAdmin = (): MiddlewareHandler<AppEnv> => async (c, next) => {
  if (!c.var.user.isAdmin) throw new Problem('forbidden');
  await next();
};
