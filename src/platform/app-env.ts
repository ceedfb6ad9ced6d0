// The Hono environment shared by every route: bindings plus the per-request variables.
import type { Bindings, Config } from '../env';
import type { BuildingRecord } from '../modules/buildings/access';
import type { RequestContext } from './context';

/** The authenticated caller, from a verified access token. */
export interface AuthUser {
  id: string;
  sessionId: string;
  isAdmin: boolean;
}

/** The caller's standing in the building named by the route's `{id}`. */
export interface BuildingAccess {
  buildingId: string;
  /** `admin` when a platform admin acts in a building they are not a member of. */
  role: 'manager' | 'resident' | 'admin';
  /** The building as read (through the cache) when access was checked. */
  record: BuildingRecord;
}

export interface AppVariables {
  config: Config;
  requestContext: RequestContext;
  user: AuthUser;
  building: BuildingAccess;
  /** The answer holds credentials: an Idempotency-Key replay repeats its status and headers, never its body. */
  withholdFromReplay: boolean;
}

export interface AppEnv {
  Bindings: Bindings;
  Variables: AppVariables;
}
