// The Hono environment shared by every route: bindings plus the per-request variables every module may read.
// A module's own variables are declared by that module (modules/buildings/roles.ts declares `building`).
import type { Bindings, Config } from '../env';
import type { RequestContext } from './context';

/** The authenticated caller, from a verified access token. */
export interface AuthUser {
  id: string;
  sessionId: string;
  isAdmin: boolean;
}

export interface AppVariables {
  config: Config;
  requestContext: RequestContext;
  user: AuthUser;
}

export interface AppEnv {
  Bindings: Bindings;
  Variables: AppVariables;
}
