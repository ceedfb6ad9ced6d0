// The shape of a role-matrix row: one route, and which callers it lets through.
import type { BuildingFixture } from '../helpers/fixtures';

export type Role = 'anonymous' | 'outsider' | 'resident' | 'manager' | 'admin';
export const ROLES: readonly Role[] = ['anonymous', 'outsider', 'resident', 'manager', 'admin'];

export interface MatrixRow {
  /** `METHOD /path/template` as in the OpenAPI document. */
  route: string;
  path: (f: BuildingFixture) => string;
  body?: (f: BuildingFixture) => unknown;
  /** Roles that must get a success (2xx). Everyone else is refused: 401 anonymous, 404 outsiders, 403 members. */
  allowed: readonly Role[];
  /** Building-scoped routes hide the building from outsiders (404); others refuse with 403. */
  scope: 'building' | 'user' | 'platform';
}

export const EVERYONE_SIGNED_IN: readonly Role[] = ['outsider', 'resident', 'manager', 'admin'];
export const MEMBERS: readonly Role[] = ['resident', 'manager', 'admin'];
export const MANAGERS: readonly Role[] = ['manager', 'admin'];
